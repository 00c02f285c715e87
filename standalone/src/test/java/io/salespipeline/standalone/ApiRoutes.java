package io.salespipeline.standalone;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.salespipeline.standalone.ApiRoutes.Access.*;

/**
 * Every route of the API, with who may call it (the roles of API.md) and a request that succeeds for
 * whoever may. The access matrix and the hostile-input properties take the routes from the application's
 * own route table and fail on one that is not listed here: a new endpoint needs one line, its access,
 * the stage its lead must be in (if it acts on one) and an example body.
 */
final class ApiRoutes {

    /** Who may call a route (API.md): the rows of the access matrix. */
    enum Access {
        /** Everybody, without credentials. */
        PUBLIC,
        /** The error page: everybody gets a 404 problem when asking for it directly. */
        ERROR_PAGE,
        /** Every role; a sales rep sees their own leads in it. */
        READ,
        /** One lead: every role, but another rep's lead is a 404 to a sales rep. */
        LEAD_READ,
        /** Registering a lead: SALES (for themselves), MANAGER, ADMIN. */
        REGISTER,
        /** A command on a lead: SALES on their own leads, MANAGER, ADMIN. */
        LEAD_COMMAND,
        /** Reassigning a lead: MANAGER, ADMIN. */
        REASSIGN,
        /** MANAGER, ANALYST, ADMIN. */
        ANALYTICS,
        /** Imports of lead histories and their progress: MANAGER, ADMIN. */
        IMPORT,
        /** The event log: ANALYST, ADMIN. */
        EXPORT,
        /** Replays, projections, dead letters, pipeline definitions: ADMIN. */
        ADMIN,
        /** A secret link (a calendar feed): no credentials needed; a made-up link is a 404 to everybody. */
        SECRET_LINK
    }

    /** A route and its example; {@code {future}} in a body stands for an instant a day ahead. */
    record Route(String method, String pattern, Access access, Leads.At lead, String query, String template,
                 String concrete) {

        String key() {
            return method + " " + pattern;
        }

        /** The path to call: the pattern (or a concrete path given for it), for {@code leadId}. */
        String path(String leadId) {
            return (concrete != null ? concrete : pattern).replace("{id}", leadId == null ? "" : leadId) + query;
        }

        /** The same route, called at a concrete path (for path variables other than the lead id). */
        Route at(String path) {
            return new Route(method, pattern, access, lead, query, template, path);
        }

        String body() {
            return template == null ? null : template.replace("{future}", Leads.future(24));
        }

        boolean onLead() {
            return pattern.contains("{id}");
        }
    }

    static final String REGISTER_BODY = """
            {"company": {"name": "Routes Ltd", "taxId": "PL1", "address": "Gdańsk"},
             "contact": {"name": "Ro", "email": "ro@routes.pl", "phone": "+48 2"}, "source": "REFERRAL"}""";

    /**
     * One lead's history in the import format (NDJSON, one line; sent as {@code application/x-ndjson}); it ends
     * disqualified, so it stays off the shared context's board.
     */
    static final String IMPORT_BODY = "{\"leadId\": \"7d4c1d2e-3a0b-4c1e-9f00-000000000001\", \"commands\": ["
            + "{\"command\": \"RegisterLead\", \"occurredAt\": \"2026-01-05T09:00:00Z\", \"company\": {\"name\": \"Imported Ltd\"}, "
            + "\"contact\": {\"name\": \"Im\", \"phone\": \"+48 4\"}, \"source\": \"REFERRAL\", \"owner\": \"sales\"}, "
            + "{\"command\": \"DisqualifyLead\", \"occurredAt\": \"2026-01-05T11:00:00Z\", \"reason\": \"NOT_A_FIT\"}]}\n";

    static final String PIPELINE_BODY = """
            {"name": "Access matrix", "sources": [], "stages": [{"stage": "INQUIRY_RECEIVED", "label": "In"},
             {"stage": "CONTACTED"}, {"stage": "OFFER_SENT"}, {"stage": "FOLLOW_UP"}, {"stage": "WON"}, {"stage": "LOST"},
             {"stage": "DISQUALIFIED"}], "rules": {"offerPromise": "PT12H", "followUpWindow": "PT72H"}}""";

    static final List<Route> ROUTES = List.of(
            route("POST", "/api/leads", REGISTER, null, REGISTER_BODY),
            route("POST", "/api/leads/{id}/first-contact", LEAD_COMMAND, Leads.At.NEW,
                    "{\"channel\": \"PHONE\", \"decisionMakers\": [\"CEO\"], \"needs\": \"CRM\", \"nextContactAt\": \"{future}\"}"),
            route("POST", "/api/leads/{id}/qualification", LEAD_COMMAND, Leads.At.CONTACTED,
                    "{\"estimatedValue\": {\"amount\": \"5000.00\", \"currency\": \"PLN\"}, \"proposedService\": \"CRM\"}"),
            route("POST", "/api/leads/{id}/disqualification", LEAD_COMMAND, Leads.At.CONTACTED,
                    "{\"reason\": \"NOT_A_FIT\", \"details\": \"wants an ERP\"}"),
            route("POST", "/api/leads/{id}/offer-preparation", LEAD_COMMAND, Leads.At.QUALIFIED, "{}"),
            route("POST", "/api/leads/{id}/offer", LEAD_COMMAND, Leads.At.OFFER_PREPARATION,
                    "{\"value\": {\"amount\": \"4800.00\", \"currency\": \"PLN\"}, \"description\": \"CRM, 10 seats\"}"),
            route("POST", "/api/leads/{id}/offer-revisions", LEAD_COMMAND, Leads.At.OFFER_SENT,
                    "{\"value\": {\"amount\": \"4500.00\", \"currency\": \"PLN\"}, \"description\": \"discount\"}"),
            route("POST", "/api/leads/{id}/follow-ups", LEAD_COMMAND, Leads.At.OFFER_SENT,
                    "{\"channel\": \"EMAIL\", \"outcome\": \"NEGOTIATING\", \"notes\": \"asks for a discount\", "
                            + "\"nextStep\": {\"action\": \"call back\", \"dueAt\": \"{future}\"}}"),
            route("POST", "/api/leads/{id}/won", LEAD_COMMAND, Leads.At.OFFER_SENT, "{\"notes\": \"signed\"}"),
            route("POST", "/api/leads/{id}/lost", LEAD_COMMAND, Leads.At.CONTACTED,
                    "{\"reason\": \"COMPETITOR\", \"competitor\": \"Rival\"}"),
            route("POST", "/api/leads/{id}/after-sales", LEAD_COMMAND, Leads.At.WON,
                    "{\"accountManager\": \"am\", \"nextContactAt\": \"{future}\", \"purpose\": \"onboarding\"}"),
            route("POST", "/api/leads/{id}/after-sales/contacts", LEAD_COMMAND, Leads.At.AFTER_SALES,
                    "{\"channel\": \"PHONE\", \"notes\": \"all fine\", \"nextContactAt\": \"{future}\", \"purpose\": \"check-in\"}"),
            route("POST", "/api/leads/{id}/reopening", LEAD_COMMAND, Leads.At.LOST, "{\"reason\": \"came back\"}"),
            route("POST", "/api/leads/{id}/next-step", LEAD_COMMAND, Leads.At.NEW,
                    "{\"action\": \"send the brochure\", \"dueAt\": \"{future}\"}"),
            route("POST", "/api/leads/{id}/owner", REASSIGN, Leads.At.NEW, "{\"owner\": \"sales\"}"),
            route("PATCH", "/api/leads/{id}/contact", LEAD_COMMAND, Leads.At.NEW,
                    "{\"contact\": {\"phone\": \"+48 3\"}, \"company\": {\"address\": \"Sopot\"}}"),
            route("POST", "/api/imports", IMPORT, null, IMPORT_BODY),
            route("GET", "/api/imports/{id}", IMPORT, null, null),
            route("GET", "/api/leads/{id}", LEAD_READ, Leads.At.NEW, null),
            route("GET", "/api/leads/{id}/history", LEAD_READ, Leads.At.NEW, null),
            route("GET", "/api/leads/{id}/commands", LEAD_READ, Leads.At.NEW, null),
            route("GET", "/api/leads", READ, null, "?size=5", null),
            route("GET", "/api/pipeline", READ, null, null),
            route("GET", "/api/analytics/lost-reasons", ANALYTICS, null, "?groupBy=stage", null),
            route("GET", "/api/analytics/time-in-stage", ANALYTICS, null, null),
            route("GET", "/api/analytics/funnel", ANALYTICS, null, null),
            route("GET", "/api/analytics/sla", ANALYTICS, null, null),
            route("GET", "/api/events", EXPORT, null, "?limit=3", null),
            route("GET", "/api/dashboard", READ, null, null),
            route("GET", "/api/pipelines", READ, null, null),
            route("GET", "/api/pipelines/{key}", READ, null, null).at("/api/pipelines/default"),
            route("PUT", "/api/pipelines/{key}", ADMIN, null, PIPELINE_BODY).at("/api/pipelines/access-matrix"),
            route("GET", "/api/calendar.ics", READ, null, null),
            route("POST", "/api/calendar/feed-token", READ, null, null),
            route("DELETE", "/api/calendar/feed-token", READ, null, null),
            route("GET", "/api/calendar/{token}.ics", SECRET_LINK, null, null).at("/api/calendar/not-a-token.ics"),
            route("POST", "/api/admin/replays", ADMIN, null, "{\"projections\": [\"lead-views\"]}"),
            route("GET", "/api/admin/replays/current", ADMIN, null, null),
            route("GET", "/api/admin/projections", ADMIN, null, null),
            route("GET", "/api/admin/dead-letters", ADMIN, null, null),
            route("POST", "/api/admin/dead-letters/retry", ADMIN, null, null),
            route("GET", "/v3/api-docs", PUBLIC, null, null),
            route("GET", "/v3/api-docs.yaml", PUBLIC, null, null),
            route("GET", "/v3/api-docs/swagger-config", PUBLIC, null, null),
            route("GET", "/swagger-ui.html", PUBLIC, null, null),
            route("*", "/error", ERROR_PAGE, null, null));

    private ApiRoutes() {
    }

    static Map<String, Route> byKey() {
        Map<String, Route> map = new java.util.LinkedHashMap<>();
        ROUTES.forEach(r -> map.put(r.key(), r));
        return map;
    }

    /** "METHOD pattern" of every handler the application registered ({@code *}: any method). */
    static Set<String> ofApplication(RequestMappingHandlerMapping mapping) {
        Set<String> routes = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            Set<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? Set.of("*")
                    : info.getMethodsCondition().getMethods().stream().map(Enum::name).collect(java.util.stream.Collectors.toSet());
            for (String pattern : info.getPatternValues()) {
                methods.forEach(m -> routes.add(m + " " + pattern));
            }
        }
        return routes;
    }

    private static Route route(String method, String pattern, Access access, Leads.At lead, String body) {
        return new Route(method, pattern, access, lead, "", body, null);
    }

    private static Route route(String method, String pattern, Access access, Leads.At lead, String query, String body) {
        return new Route(method, pattern, access, lead, query, body, null);
    }
}
