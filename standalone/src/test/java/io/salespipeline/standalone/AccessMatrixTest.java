package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.standalone.ApiRoutes.Access;
import io.salespipeline.standalone.ApiRoutes.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, for every route the application registers (its own route table, so a new endpoint
 * cannot escape), as every role and without credentials, on the caller's own lead and on another rep's:
 * only what API.md allows succeeds, everything else is 401, 403 or (another rep's lead, read by a sales
 * rep) 404, as problem+json, and records nothing.
 */
class AccessMatrixTest extends StandaloneTest {

    enum Caller {
        ANONYMOUS(null), SALES_OWN_LEAD("sales"), SALES_OTHERS_LEAD("sales"), MANAGER("manager"), ANALYST("analyst"),
        ADMIN("admin");

        final String user;

        Caller(String user) {
            this.user = user;
        }
    }

    enum Expect { OK, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping routes;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyRouteOfTheApplication_hasAnAccessPolicy_andEveryPolicyARoute() {
        Set<String> registered = ApiRoutes.ofApplication(routes);
        Set<String> listed = ApiRoutes.byKey().keySet();
        Set<String> unlisted = new TreeSet<>(registered);
        unlisted.removeAll(listed);
        Set<String> stale = new TreeSet<>(listed);
        stale.removeAll(registered);
        assertThat(unlisted).as("routes without an access policy: add one line each to ApiRoutes.ROUTES").isEmpty();
        assertThat(stale).as("policies in ApiRoutes for routes the application does not have").isEmpty();
    }

    @Test
    void everyRoute_asEveryRoleAndAnonymous_onOwnAndAnotherRepsLead_succeedsOnlyWhereApiMdAllows() {
        Map<String, String> deniedLeads = new HashMap<>();
        Map<String, Map<Caller, Integer>> matrix = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        int requests = 0;
        int allowed = 0;
        int refusedButRecorded = 0;
        for (Route route : ApiRoutes.ROUTES) {
            Map<Caller, Integer> row = new EnumMap<>(Caller.class);
            for (Caller caller : Caller.values()) {
                Expect expect = expected(route.access(), caller);
                String lead = route.access() == Access.IMPORT ? importId() // an import's id where a route names one
                        : route.onLead() ? lead(route, caller, expect, deniedLeads) : null;
                String body = route.body();
                if (route.access() == Access.REGISTER && caller == Caller.SALES_OTHERS_LEAD) {
                    body = body.replace("{\"company\"", "{\"owner\": \"sales2\", \"company\"");
                }
                long eventsBefore = events();
                Http http = caller.user == null ? Http.on(port) : Http.on(port).as(caller.user);
                Http.Response r = route.access() == Access.IMPORT && body != null
                        ? ndjson(caller.user, route.path(lead), body)
                        : http.send(route.method().equals("*") ? "GET" : route.method(), route.path(lead), body);
                requests++;
                row.put(caller, r.status());
                String problem = check(route, caller, expect, r);
                if (problem != null) {
                    failures.add(problem);
                }
                if (expect != Expect.OK && events() != eventsBefore) {
                    refusedButRecorded++;
                    failures.add(route.key() + " as " + caller + ": refused with " + r.status() + " but recorded events");
                }
                if (expect == Expect.OK) {
                    allowed++;
                }
                if (route.key().equals("POST /api/admin/replays") && r.status() == 202) {
                    awaitReplayCompleted();
                }
                if (route.key().equals("POST /api/imports") && r.status() == 202) {
                    // the import records in the background: done before the next caller counts the events
                    Imports.awaitEnd(Http.on(port).as("admin"), r.json().get("id").asText());
                }
            }
            matrix.put(route.key(), row);
        }
        print(matrix, requests, allowed, refusedButRecorded);
        assertThat(failures).as("answers that differ from API.md").isEmpty();
    }

    /** What API.md allows {@code caller} on a route of {@code access}. */
    static Expect expected(Access access, Caller caller) {
        if (access == Access.PUBLIC) {
            return Expect.OK;
        }
        if (access == Access.ERROR_PAGE || access == Access.SECRET_LINK) {
            return Expect.NOT_FOUND;
        }
        if (caller == Caller.ANONYMOUS) {
            return Expect.UNAUTHENTICATED;
        }
        boolean ok = switch (access) {
            case READ -> true;
            case LEAD_READ -> caller != Caller.SALES_OTHERS_LEAD;
            case REGISTER, LEAD_COMMAND -> caller != Caller.ANALYST && caller != Caller.SALES_OTHERS_LEAD;
            case REASSIGN -> caller == Caller.MANAGER || caller == Caller.ADMIN;
            case ANALYTICS -> caller == Caller.MANAGER || caller == Caller.ANALYST || caller == Caller.ADMIN;
            case EXPORT -> caller == Caller.ANALYST || caller == Caller.ADMIN;
            case IMPORT -> caller == Caller.MANAGER || caller == Caller.ADMIN;
            case ADMIN -> caller == Caller.ADMIN;
            default -> throw new IllegalStateException(access.name());
        };
        if (ok) {
            return Expect.OK;
        }
        return access == Access.LEAD_READ ? Expect.NOT_FOUND : Expect.FORBIDDEN;
    }

    private static String check(Route route, Caller caller, Expect expect, Http.Response r) {
        String where = route.key() + " as " + caller + ": ";
        boolean statusOk = switch (expect) {
            case OK -> r.status() >= 200 && r.status() < (route.access() == Access.PUBLIC ? 400 : 300);
            case UNAUTHENTICATED -> r.status() == 401 && r.header("WWW-Authenticate") != null;
            case FORBIDDEN -> r.status() == 403;
            case NOT_FOUND -> r.status() == 404;
        };
        if (!statusOk) {
            return where + "expected " + expect + ", got " + r;
        }
        if (r.status() >= 400 && (r.contentType() == null || !r.contentType().startsWith("application/problem+json"))) {
            return where + "error without problem+json: " + r;
        }
        return null;
    }

    /** A lead in the stage the route needs: the caller's own (sales), or another rep's (sales2). */
    private String lead(Route route, Caller caller, Expect expect, Map<String, String> deniedLeads) {
        Http owner = Http.on(port).as(caller == Caller.SALES_OWN_LEAD ? "sales" : "sales2");
        String id;
        if (expect == Expect.OK) {
            id = Leads.in(owner, route.lead()); // each success needs a lead of its own in that stage
        } else {
            // a refusal changes nothing: the refused callers share one lead per stage and owner
            id = deniedLeads.computeIfAbsent(route.lead() + (caller == Caller.SALES_OWN_LEAD ? " own" : " other"),
                    k -> Leads.in(owner, route.lead()));
        }
        if (route.access() == Access.LEAD_READ) {
            awaitVersion(owner, id, 1); // a 404 must come from who asks, not from a view that lags
        }
        return id;
    }

    private String importId;

    /** An import of one lead (its second run, for every caller after the first, rejects the lead: records nothing). */
    private String importId() {
        if (importId == null) {
            JsonNode done = Imports.run(port, "admin", ApiRoutes.IMPORT_BODY);
            importId = done.get("id").asText();
        }
        return importId;
    }

    /** A POST of an NDJSON body, answered as {@link Http.Response}. */
    private Http.Response ndjson(String user, String path, String body) {
        Http http = user == null ? Http.on(port) : Http.on(port).as(user);
        return http.header("Content-Type", "application/x-ndjson").send("POST", path, body);
    }

    private long events() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private void awaitReplayCompleted() {
        await(() -> Http.on(port).as("admin").get("/api/admin/replays/current").json(),
                p -> p.get("state").asText().equals("COMPLETED"));
    }

    private static void print(Map<String, Map<Caller, Integer>> matrix, int requests, int allowed, int refusedButRecorded) {
        StringBuilder out = new StringBuilder("\nAccess matrix (HTTP status per route and caller):\n");
        out.append(String.format("%-44s", "route"));
        for (Caller c : Caller.values()) {
            out.append(String.format("%18s", c.name().toLowerCase()));
        }
        out.append('\n');
        matrix.forEach((route, row) -> {
            out.append(String.format("%-44s", route));
            row.values().forEach(status -> out.append(String.format("%18d", status)));
            out.append('\n');
        });
        out.append(String.format("requests sent: %d, allowed by API.md: %d, refused: %d, refused that recorded anything: %d%n",
                requests, allowed, requests - allowed, refusedButRecorded));
        System.out.println(out);
    }
}
