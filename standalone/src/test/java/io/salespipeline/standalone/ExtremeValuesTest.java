package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The largest and smallest values the API accepts (amounts of numeric(19, 4), the ends of 1970..9999,
 * texts and lists at their maximum, odd Unicode), through every command, read back from every view:
 * nothing accepted makes a projection fail (no dead letter), and what is read back is what was sent.
 * One step past any bound is refused with 400 before anything is recorded.
 */
class ExtremeValuesTest extends StandaloneTest {

    static final String MAX_AMOUNT = "999999999999999.9999";
    static final String EARLIEST = "1970-01-01T00:00:00Z";
    static final String LATEST = "9999-12-31T23:59:59.999999Z";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    @Test
    void theExtremeAcceptedValues_passEveryCommand_andReadBackFromEveryView() {
        Http manager = Http.on(port).as("manager");
        String owner = text(100, 'o');
        String newOwner = text(100, 'p');
        String companyName = text(300, 'c');
        String email = "a".repeat(64) + "@" + String.join(".", "b".repeat(63), "c".repeat(63), "d".repeat(63), "e".repeat(63));
        ObjectNode register = object()
                .put("source", "OTHER").put("priorContact", true).put("owner", owner).put("notes", text(4000, 'n'))
                .put("occurredAt", EARLIEST);
        register.set("company", object().put("name", companyName).put("taxId", text(50, 't')).put("address", text(500, 'a')));
        register.set("contact", object().put("name", text(200, 'k')).put("email", email).put("phone", "9".repeat(50)));
        Http.Response registered = manager.post("/api/leads", register.toString());
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String id = registered.json().get("leadId").asText();

        List<String> sent = new ArrayList<>();
        ArrayNode decisionMakers = json.createArrayNode();
        ArrayNode competitors = json.createArrayNode();
        for (int i = 0; i < 50; i++) {
            decisionMakers.add(text(200, (char) ('A' + i % 26)));
            competitors.add(text(300, (char) ('a' + i % 26)));
        }
        ObjectNode firstContact = object().put("channel", "VIDEO").put("needs", text(4000, 'e'))
                .put("decisionExpectedBy", "9999-12-31").put("nextContactAt", LATEST);
        firstContact.set("decisionMakers", decisionMakers);
        firstContact.set("competitors", competitors);
        firstContact.set("estimatedBudget", money(MAX_AMOUNT, "EUR"));
        command(manager, id, "first-contact", firstContact, sent);
        ObjectNode qualification = object().put("proposedService", text(1000, 's')).put("offerPromisedBy", LATEST);
        qualification.set("estimatedValue", money(MAX_AMOUNT, "PLN"));
        command(manager, id, "qualification", qualification, sent);
        command(manager, id, "offer-preparation", object().put("promisedBy", LATEST), sent);
        ObjectNode offer = object().put("description", text(4000, 'd')).put("followUpDueAt", LATEST)
                .put("followUpDelayReason", text(1000, 'r'));
        offer.set("value", money("0.0001", "PLN"));
        command(manager, id, "offer", offer, sent);
        ObjectNode revision = object().put("description", text(4000, 'v'));
        revision.set("value", money(MAX_AMOUNT, "PLN"));
        command(manager, id, "offer-revisions", revision, sent);
        ObjectNode followUp = object().put("channel", "MEETING").put("outcome", "NEGOTIATING").put("notes", text(4000, 'f'));
        followUp.set("nextStep", object().put("action", text(500, 'x')).put("dueAt", LATEST));
        command(manager, id, "follow-ups", followUp, sent);
        command(manager, id, "next-step", object().put("action", text(500, 'y')).put("dueAt", LATEST), sent);
        command(manager, id, "owner", object().put("owner", newOwner), sent);
        ObjectNode patch = object();
        patch.set("contact", object().put("name", text(200, 'K')).put("email", email.toUpperCase()).put("phone", "8".repeat(50)));
        patch.set("company", object().put("name", text(300, 'C')).put("taxId", text(50, 'T')).put("address", text(500, 'A')));
        patchContact(manager, id, patch, sent);
        command(manager, id, "lost", object().put("reason", "OTHER").put("details", text(4000, 'l'))
                .put("competitor", text(300, 'w')), sent);
        command(manager, id, "reopening", object().put("reason", text(1000, 'b')), sent);
        ObjectNode won = object().put("notes", text(4000, 'z'));
        won.set("finalValue", money(MAX_AMOUNT, "PLN"));
        command(manager, id, "won", won, sent);
        command(manager, id, "after-sales", object().put("accountManager", text(100, 'm')).put("nextContactAt", LATEST)
                .put("purpose", text(1000, 'u')), sent);
        int events = sent.size() + 1;

        // a second lead at the other end: zero amounts, everything at the earliest instant, then disqualified
        ObjectNode early = object().put("source", "COLD_CALL").put("occurredAt", EARLIEST);
        early.set("company", object().put("name", "Ä"));
        early.set("contact", object().put("name", "Ö").put("phone", "0"));
        String earlyId = manager.post("/api/leads", early.toString()).json().get("leadId").asText();
        ObjectNode earlyContact = object().put("channel", "EMAIL").put("decisionExpectedBy", "1970-01-01")
                .put("nextContactAt", EARLIEST).put("occurredAt", EARLIEST);
        earlyContact.set("estimatedBudget", money("0", "PLN"));
        command(manager, earlyId, "first-contact", earlyContact, new ArrayList<>());
        ObjectNode earlyQualification = object().put("proposedService", "s").put("occurredAt", EARLIEST);
        earlyQualification.set("estimatedValue", money("0.0000", "PLN"));
        command(manager, earlyId, "qualification", earlyQualification, new ArrayList<>());
        command(manager, earlyId, "disqualification", object().put("reason", "BUDGET_TOO_LOW").put("details", text(4000, 'q'))
                .put("occurredAt", EARLIEST), new ArrayList<>());

        // both projections have applied everything, nothing was dead-lettered
        JsonNode lead = awaitVersion(manager, id, events);
        awaitVersion(manager, earlyId, 4);
        await(() -> jdbc.queryForList("select version from visit_lead where lead_id in (?, ?) order by version", Long.class,
                id, earlyId), versions -> versions.equals(List.of(4L, (long) events)));
        JsonNode letters = Http.on(port).as("admin").get("/api/admin/dead-letters").json();
        assertThat(letters.get("deadLetters").findValuesAsText("sequence")).doesNotContain(id, earlyId);

        JsonNode history = manager.get("/api/leads/" + id + "/history").json();

        // the lead view: what was sent
        assertThat(lead.get("stage").asText()).isEqualTo("AFTER_SALES");
        assertThat(lead.get("company").get("name").asText()).isEqualTo(text(300, 'C'));
        assertThat(lead.get("contact").get("email").asText()).isEqualTo(email.toUpperCase());
        assertThat(lead.get("notes").asText()).isEqualTo(text(4000, 'n'));
        assertThat(lead.get("registeredAt").asText()).isEqualTo(EARLIEST);
        // after-sales hands the lead over: the account manager is its owner now
        assertThat(lead.get("owner").asText()).isEqualTo(text(100, 'm').trim());
        assertThat(history.get(8).get("data").get("owner").asText()).isEqualTo(newOwner);
        assertThat(lead.get("firstContact").get("competitors").size()).isEqualTo(50);
        assertThat(lead.get("firstContact").get("competitors").get(49).asText()).isEqualTo(text(300, (char) ('a' + 49 % 26)));
        assertThat(lead.get("firstContact").get("estimatedBudget").get("amount").asText()).isEqualTo(MAX_AMOUNT);
        assertThat(lead.get("firstContact").get("decisionExpectedBy").asText()).isEqualTo("9999-12-31");
        assertThat(lead.get("firstContact").get("nextContactAt").asText()).isEqualTo(LATEST);
        assertThat(lead.get("qualification").get("estimatedValue").get("amount").asText()).isEqualTo(MAX_AMOUNT);
        assertThat(lead.get("offer").get("value").get("amount").asText()).isEqualTo(MAX_AMOUNT);
        assertThat(lead.get("offer").get("revisions").get(0).get("value").get("amount").asText()).isEqualTo(MAX_AMOUNT);
        assertThat(history.get(4).get("data").get("value").get("amount").asText()).isEqualTo("0.0001");
        assertThat(lead.get("offer").get("followUpDueAt").asText()).isEqualTo(LATEST);
        assertThat(lead.get("won").get("finalValue").get("amount").asText()).isEqualTo(MAX_AMOUNT);
        assertThat(lead.get("nextStep").get("dueAt").asText()).isEqualTo(LATEST);

        // the timeline: every event, in order, with its business time and data
        assertThat(history.size()).isEqualTo(events);
        assertThat(history.get(0).get("occurredAt").asText()).isEqualTo(EARLIEST);
        assertThat(history.get(3).get("data").get("promisedBy").asText()).isEqualTo(LATEST);
        assertThat(history.get(events - 1).get("data").get("accountManager").asText()).isEqualTo(text(100, 'm').trim());

        // the board and the lead list, now and at both ends of the range (now and at the end, the board of the lead's
        // owner: a column lists its most urgent leads first, and other tests' leads may fill it)
        String ownerNow = java.net.URLEncoder.encode(lead.get("owner").asText(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(boardLeads(manager, "?owner=" + ownerNow)).contains(id);
        assertThat(boardLeads(manager, "?at=" + LATEST + "&owner=" + ownerNow)).contains(id);
        assertThat(boardLeads(manager, "?at=1970-01-01T00:00:01Z")).contains(id);
        JsonNode list = manager.get("/api/leads?stage=AFTER_SALES&size=500").json();
        JsonNode listed = StreamSupport.stream(list.get("items").spliterator(), false)
                .filter(item -> item.get("leadId").asText().equals(id)).findFirst().orElseThrow();
        assertThat(listed.get("value").get("amount").asText()).isEqualTo(MAX_AMOUNT);
        assertThat(manager.get("/api/leads?page=2147483647&size=500").json().get("items").size()).isZero();

        // analytics over the whole range and over the first second of 1970 (only these two leads)
        Http analyst = Http.on(port).as("analyst");
        String firstSecond = "from=" + EARLIEST + "&to=1970-01-01T00:00:01Z";
        JsonNode funnel = analyst.get("/api/analytics/funnel?" + firstSecond).json();
        assertThat(funnel.get("cohort").asInt()).as(funnel.toString()).isEqualTo(2);
        assertThat(funnel.get("disqualified").asInt()).isEqualTo(1);
        assertThat(funnel.get("open").asInt()).isEqualTo(1);
        JsonNode wholeRange = analyst.get("/api/analytics/funnel?from=" + EARLIEST + "&to=1970-01-01T00:00:01Z").json();
        assertThat(wholeRange.get("cohort").asInt()).isEqualTo(2);
        JsonNode lost = analyst.get("/api/analytics/lost-reasons?" + firstSecond + "&groupBy=reason").json();
        assertThat(lost.get("disqualified").asInt()).as(lost.toString()).isEqualTo(1);
        assertThat(lost.get("disqualifiedGroups").get(0).get("key").asText()).isEqualTo("BUDGET_TOO_LOW");
        JsonNode time = analyst.get("/api/analytics/time-in-stage?" + firstSecond).json();
        assertThat(time.get("stages").findValuesAsText("stage")).contains("INQUIRY_RECEIVED");
        for (String view : List.of("funnel", "lost-reasons", "time-in-stage", "sla")) {
            for (String window : List.of("?to=" + LATEST, "?from=" + EARLIEST + "&to=" + LATEST, "?" + firstSecond)) {
                Http.Response r = analyst.get("/api/analytics/" + view + window);
                assertThat(r.status()).as(view + window + " " + r).isEqualTo(200);
                Http.Response csv = analyst.header("Accept", "text/csv").get("/api/analytics/" + view + window);
                assertThat(csv.status()).as(view + window + " as CSV " + csv).isEqualTo(200);
            }
        }
        JsonNode allTime = analyst.get("/api/analytics/funnel?from=" + EARLIEST + "&to=" + LATEST).json();
        assertThat(allTime.get("won").asInt()).as(allTime.toString()).isPositive();

        // the event log as NDJSON
        String ndjson = analyst.get("/api/events?limit=100000").body();
        long lines = ndjson.lines().filter(l -> l.contains(id)).count();
        assertThat(lines).isEqualTo(events);
        assertThat(ndjson).contains(MAX_AMOUNT);
        System.out.printf("%nExtreme values: %d commands accepted on 2 leads, %d + 4 events read back from the lead views, "
                + "the timeline, the board, the lead list, 4 analytics (JSON and CSV) and the NDJSON log; dead letters: 0%n",
                events + 4, events);
    }

    @Test
    void oneStepPastAnyBound_isA400_andRecordsNothing() {
        Http manager = Http.on(port).as("manager");
        String id = Leads.in(manager, Leads.At.CONTACTED);
        long before = events();
        List<String[]> refused = List.of(
                new String[]{"qualification", "{\"estimatedValue\": {\"amount\": \"1000000000000000\", \"currency\": \"PLN\"}, \"proposedService\": \"x\"}"},
                new String[]{"qualification", "{\"estimatedValue\": {\"amount\": 1E+2147483647, \"currency\": \"PLN\"}, \"proposedService\": \"x\"}"},
                new String[]{"qualification", "{\"estimatedValue\": {\"amount\": \"1.00001\", \"currency\": \"PLN\"}, \"proposedService\": \"x\"}"},
                new String[]{"qualification", "{\"estimatedValue\": {\"amount\": \"1\", \"currency\": \"PLN\"}, \"proposedService\": \"" + "s".repeat(1001) + "\"}"},
                new String[]{"next-step", "{\"action\": \"a\", \"dueAt\": \"+10000-01-01T00:00:00Z\"}"},
                new String[]{"next-step", "{\"action\": \"a\", \"dueAt\": \"9999-12-31T23:59:59.9999991Z\"}"},
                new String[]{"next-step", "{\"action\": \"a\", \"dueAt\": \"2030-01-01T00:00:00Z\", \"occurredAt\": \"0000-01-01T00:00:00Z\"}"},
                new String[]{"next-step", "{\"action\": \"a\", \"dueAt\": 1e20}"},
                new String[]{"next-step", "{\"action\": \"" + "a".repeat(501) + "\", \"dueAt\": \"2030-01-01T00:00:00Z\"}"},
                new String[]{"owner", "{\"owner\": \"" + "o".repeat(101) + "\"}"},
                new String[]{"lost", "{\"reason\": \"OTHER\", \"details\": \"" + "d".repeat(4001) + "\"}"});
        for (String[] request : refused) {
            Http.Response r = manager.post("/api/leads/" + id + "/" + request[0], request[1]);
            assertThat(r.status()).as(request[0] + " " + abbreviate(request[1]) + " -> " + r).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("errors")).as(r.toString()).isNotNull();
        }
        ObjectNode tooMany = object().put("channel", "PHONE").put("nextContactAt", "2030-01-01T00:00:00Z");
        ArrayNode names = tooMany.putArray("decisionMakers");
        for (int i = 0; i < 51; i++) {
            names.add("n" + i);
        }
        String fresh = Leads.in(manager, Leads.At.NEW);
        before = events();
        assertThat(manager.post("/api/leads/" + fresh + "/first-contact", tooMany.toString()).status()).isEqualTo(400);
        assertThat(events()).isEqualTo(before);
        // instants in queries: past 9999 would overflow epoch milliseconds
        Http analyst = Http.on(port).as("analyst");
        for (String query : List.of("/api/pipeline?at=%2B10000-01-01T00:00:00Z", "/api/analytics/funnel?to=%2B1000000000-01-01T00:00:00Z",
                "/api/analytics/sla?from=-1000000000-01-01T00:00:00Z", "/api/analytics/time-in-stage?to=1969-12-31T23:59:59Z",
                "/api/leads?page=99999999999", "/api/leads?size=501")) {
            Http.Response r = analyst.get(query);
            assertThat(r.status()).as(query + " " + r).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(events()).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class,
                UUID.fromString(id).toString())).isEqualTo(2);
    }

    private void command(Http http, String id, String action, ObjectNode body, List<String> sent) {
        Http.Response r = http.post("/api/leads/" + id + "/" + action, body.toString());
        assertThat(r.status()).as(action + " " + r).isEqualTo(200);
        sent.add(action);
    }

    private void patchContact(Http http, String id, ObjectNode body, List<String> sent) {
        Http.Response r = http.patch("/api/leads/" + id + "/contact", body.toString());
        assertThat(r.status()).as("contact " + r).isEqualTo(200);
        sent.add("contact");
    }

    private List<String> boardLeads(Http http, String query) {
        Http.Response r = http.get("/api/pipeline" + query);
        assertThat(r.status()).as(query + " " + r).isEqualTo(200);
        return r.json().findValuesAsText("leadId");
    }

    private long events() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private ObjectNode object() {
        return json.createObjectNode();
    }

    private ObjectNode money(String amount, String currency) {
        return object().put("amount", amount).put("currency", currency);
    }

    /**
     * {@code length} UTF-16 characters that a database, JSON and a regex all find awkward: Polish letters,
     * quotes, a backslash, a tab and a newline, SQL and markup, an emoji (two characters), starting with
     * {@code first} so texts differ.
     */
    static String text(int length, char first) {
        int[] codePoints = "Zażółć \"gęślą\" jaźń\\ 'x'; -- <b>&amp;</b>\t\n😀 ".codePoints().toArray();
        StringBuilder out = new StringBuilder().append(first);
        for (int i = 0; out.length() < length; i++) {
            int codePoint = codePoints[i % codePoints.length];
            out.appendCodePoint(out.length() + Character.charCount(codePoint) > length ? 'x' : codePoint);
        }
        return out.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
