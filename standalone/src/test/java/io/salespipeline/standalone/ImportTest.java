package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.history.HistoryGenerator;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.platform.testing.TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/imports}: a file mixing good and bad leads records exactly the good ones and lists every bad
 * one with its line, command and the status it would have had over HTTP; a second run of the same file records
 * nothing; the generator's histories import without one rejection, and the analytics and the board after an
 * import equal those after the same histories were sent command by command over HTTP.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"postgres", "apitest"})
class ImportTest {

    /**
     * A database of its own: the 1,400 leads of histories a year long imported here would otherwise fill the
     * shared context's board (its most urgent leads first) ahead of the other tests' leads.
     */
    private static final String DATABASE = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE);
        registry.add("spring.datasource.username", TestDatabase::user);
    }

    @LocalServerPort
    int port;

    private Http as(String user) {
        return Http.on(port).as(user);
    }

    private static final Instant END = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aFileOfGoodAndBadLeads_importsExactlyTheGoodOnes_andListsEveryBadOne_andASecondRunRecordsNothing() {
        HistoryGenerator generator = new HistoryGenerator(ThreadLocalRandom.current().nextLong(), END);
        Map<String, Integer> good = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HistoryGenerator.GeneratedLead lead = generator.next();
            good.put(lead.leadId().toString(), lead.events());
            lines.add(lead.line());
        }
        String t0 = END.minus(30, ChronoUnit.DAYS).toString();
        String t1 = END.minus(29, ChronoUnit.DAYS).toString();
        String t2 = END.minus(28, ChronoUnit.DAYS).toString();
        String register = "{\"command\": \"RegisterLead\", \"occurredAt\": \"" + t0 + "\", \"company\": {\"name\": \"Bad Lead Ltd\"}, "
                + "\"contact\": {\"name\": \"B\", \"phone\": \"1\"}, \"source\": \"WEBSITE\", \"owner\": \"sales\"}";
        String firstContact = "{\"command\": \"RecordFirstContact\", \"occurredAt\": \"" + t1 + "\", \"channel\": \"PHONE\", "
                + "\"nextContactAt\": \"" + t2 + "\"}";
        Map<Integer, String> bad = new LinkedHashMap<>(); // line number -> expected "status command"
        Map<Integer, String> badLeads = new HashMap<>();
        lines.add("this is not JSON");
        bad.put(lines.size(), "400 null");
        lines.add("");
        String id = UUID.randomUUID().toString();
        lines.add(lead(id, register, firstContact, "{\"command\": \"TeleportLead\", \"occurredAt\": \"" + t2 + "\"}"));
        bad.put(lines.size(), "400 TeleportLead");
        badLeads.put(lines.size(), id);
        id = UUID.randomUUID().toString();
        lines.add(lead(id, register, firstContact.replace("\"occurredAt\": \"" + t1 + "\", ", "")));
        bad.put(lines.size(), "400 RecordFirstContact");
        badLeads.put(lines.size(), id);
        id = UUID.randomUUID().toString();
        lines.add(lead(id, register, "{\"command\": \"SendOffer\", \"occurredAt\": \"" + t1 + "\", "
                + "\"value\": {\"amount\": \"100.00\", \"currency\": \"PLN\"}, \"description\": \"too early\"}"));
        bad.put(lines.size(), "409 SendOffer");
        badLeads.put(lines.size(), id);
        id = UUID.randomUUID().toString();
        // two commands accepted, the third goes back in business time: the lead records nothing
        lines.add(lead(id, register, firstContact, "{\"command\": \"QualifyLead\", \"occurredAt\": \"" + t0 + "\", "
                + "\"estimatedValue\": {\"amount\": \"100.00\", \"currency\": \"PLN\"}, \"proposedService\": \"CRM\"}"));
        bad.put(lines.size(), "422 QualifyLead");
        badLeads.put(lines.size(), id);
        id = UUID.randomUUID().toString();
        lines.add(lead(id, register, firstContact.replace("PHONE", "FAX")));
        bad.put(lines.size(), "400 RecordFirstContact");
        badLeads.put(lines.size(), id);
        id = UUID.randomUUID().toString();
        lines.add(lead(id, register.replace("{\"name\": \"Bad Lead Ltd\"}", "{\"name\": \"\"}")));
        bad.put(lines.size(), "400 RegisterLead");
        badLeads.put(lines.size(), id);
        lines.add(lines.get(0)); // the first good lead once more in the same file
        bad.put(lines.size(), "409 RegisterLead");
        String file = String.join("\n", lines) + "\n";
        long eventsBefore = events();

        JsonNode first = Imports.run(port, "manager", file);

        assertThat(first.get("state").asText()).as(first.toString()).isEqualTo("COMPLETED");
        assertThat(first.get("lines").asLong()).isEqualTo(lines.size() - 1); // the blank line holds no lead
        assertThat(first.get("leadsImported").asLong()).isEqualTo(good.size());
        assertThat(first.get("leadsRejected").asLong()).isEqualTo(bad.size());
        assertThat(first.get("events").asLong()).isEqualTo(good.values().stream().mapToLong(Integer::longValue).sum());
        assertThat(first.get("percent").asDouble()).isEqualTo(100.0);
        assertThat(first.get("etaSeconds").asLong()).isZero();
        Map<Integer, String> listed = new LinkedHashMap<>();
        first.get("errors").forEach(e -> listed.put(e.get("line").asInt(), e.get("status").asInt() + " "
                + (e.path("command").isTextual() ? e.get("command").asText() : "null")));
        assertThat(listed).as(first.get("errors").toPrettyString()).isEqualTo(bad);
        first.get("errors").forEach(e -> assertThat(e.get("detail").asText()).isNotBlank());
        assertThat(first.get("errors").get(0).path("leadId").isTextual()).isFalse();
        badLeads.forEach((line, lead) -> assertThat(first.get("errors").findValuesAsText("leadId")).contains(lead));
        good.forEach((lead, events) -> assertThat(events(lead)).as("events of %s", lead).isEqualTo((long) events));
        badLeads.values().forEach(lead -> assertThat(events(lead)).as("events of rejected %s", lead).isZero());
        assertThat(events()).isEqualTo(eventsBefore + first.get("events").asLong());
        // deadlines already past when the history was imported are not scheduled
        assertThat(jdbc.queryForObject("select count(*) from lead_deadline where due_at <= ? and lead_id in ("
                + String.join(",", good.keySet().stream().map(l -> "'" + l + "'").toList()) + ")", Long.class,
                java.sql.Timestamp.from(Instant.now()))).isZero();

        JsonNode second = Imports.run(port, "admin", file);

        assertThat(second.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(second.get("leadsImported").asLong()).isZero();
        assertThat(second.get("events").asLong()).isZero();
        assertThat(second.get("leadsRejected").asLong()).isEqualTo(lines.size() - 1);
        assertThat(events()).as("events after the second run").isEqualTo(eventsBefore + first.get("events").asLong());
        // the latest import's progress on the metrics endpoint
        String metrics = as("admin").get("/actuator/prometheus").body();
        assertThat(metrics).contains("pipeline_import_running ").contains("pipeline_import_percent 100.0")
                .contains("pipeline_import_events 0.0").contains("pipeline_import_events_per_second ")
                .contains("pipeline_import_eta_seconds 0.0");
        for (JsonNode e : second.get("errors")) {
            if (good.containsKey(e.path("leadId").asText(""))) {
                assertThat(e.get("status").asInt()).isEqualTo(409);
                assertThat(e.get("detail").asText()).contains("already exists");
            }
        }
    }

    @Test
    void theGeneratorsHistories_importWithoutRejection_andGiveTheAnalyticsAndTheBoardOfTheSameHistoriesSentOverHttp() {
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        String imported = "imported-" + suffix;
        String sent = "sent-" + suffix;
        Http admin = as("admin").timeout(Duration.ofMinutes(1));
        for (String key : List.of(imported, sent)) {
            Http.Response defined = admin.send("PUT", "/api/pipelines/" + key, """
                    {"name": "%s", "sources": [], "stages": [{"stage": "INQUIRY_RECEIVED"}, {"stage": "CONTACTED"},
                     {"stage": "OFFER_PREPARATION"}, {"stage": "OFFER_SENT"}, {"stage": "FOLLOW_UP"}, {"stage": "LET_THEM_BUY"},
                     {"stage": "WON"}, {"stage": "AFTER_SALES"}, {"stage": "LOST"}, {"stage": "DISQUALIFIED"}],
                     "rules": {"offerPromise": "PT24H", "followUpWindow": "PT48H", "undecidedContactsToLetThemBuy": 3,
                               "afterSalesPlanWithin": "PT48H"}}""".formatted(key));
            assertThat(defined.status() / 100).as(defined.toString()).isEqualTo(2);
        }
        HistoryGenerator generator = new HistoryGenerator(ThreadLocalRandom.current().nextLong(), END);
        List<HistoryGenerator.GeneratedLead> leads = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            leads.add(generator.next());
        }

        // 1,000 leads as the generator wrote them: every one imported, every event recorded
        JsonNode all = Imports.run(port, "manager", String.join("\n", leads.stream().map(HistoryGenerator.GeneratedLead::line).toList()));
        long generatedEvents = leads.stream().mapToLong(HistoryGenerator.GeneratedLead::events).sum();
        assertThat(all.get("errors").size()).as(all.get("errors").toPrettyString()).isZero();
        assertThat(all.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(all.get("leadsImported").asLong()).isEqualTo(1000);
        assertThat(all.get("events").asLong()).isEqualTo(generatedEvents);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier in ("
                + String.join(",", leads.stream().map(l -> "'" + l.leadId() + "'").toList()) + ")", Long.class))
                .isEqualTo(generatedEvents);

        // 200 of them again under new ids in a pipeline of their own, once imported and once over HTTP
        List<String> importedLines = new ArrayList<>();
        Map<String, String> names = new HashMap<>(); // lead id of either copy -> the same name for both
        Http manager = as("manager").timeout(Duration.ofMinutes(1));
        for (int i = 0; i < 200; i++) {
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();
            names.put(a.toString(), "lead-" + i);
            names.put(b.toString(), "lead-" + i);
            importedLines.add(Imports.rewrite(leads.get(i).line(), a, imported));
            Imports.sendOverHttp(manager, Imports.rewrite(leads.get(i).line(), b, sent));
        }
        JsonNode copy = Imports.run(port, "admin", String.join("\n", importedLines));
        assertThat(copy.get("leadsImported").asLong()).as(copy.toString()).isEqualTo(200);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));

        String to = "&to=" + END.plusSeconds(1);
        String lastMonth = "&from=" + END.minus(30, ChronoUnit.DAYS) + to;
        List<String> reads = new ArrayList<>();
        for (String window : List.of(to, lastMonth)) {
            for (String groupBy : List.of("reason", "stage", "source", "owner", "month", "competitor")) {
                reads.add("/api/analytics/lost-reasons?groupBy=" + groupBy + window);
            }
            reads.add("/api/analytics/time-in-stage?x=1" + window);
            reads.add("/api/analytics/funnel?x=1" + window);
            reads.add("/api/analytics/sla?x=1" + window);
        }
        reads.add("/api/pipeline?limit=500&at=" + END.plusSeconds(1));
        reads.add("/api/pipeline?limit=500&at=" + END.minus(90, ChronoUnit.DAYS));
        int compared = 0;
        for (String read : reads) {
            String viaImport = normalized(manager.get(read + "&pipeline=" + imported), names, imported);
            String viaHttp = normalized(manager.get(read + "&pipeline=" + sent), names, sent);
            assertThat(viaImport).as("%s after the import and after HTTP", read).isEqualTo(viaHttp);
            compared++;
        }
        System.out.printf("%nImport: 1000 generated leads, %d events, imported without rejection; %d reads compared "
                + "(analytics over all history and the last month, the board now and 90 days back) equal after an import "
                + "and after HTTP%n", generatedEvents, compared);
    }

    /** The answer with lead ids replaced by their name in both copies, the pipeline's key by "P" and every list sorted. */
    private static String normalized(Http.Response r, Map<String, String> names, String pipeline) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String body = r.body().replace(pipeline, "P");
        for (Map.Entry<String, String> name : names.entrySet()) {
            body = body.replace(name.getKey(), name.getValue());
        }
        try {
            return sorted(Imports.JSON.readTree(body)).toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode out = Imports.JSON.createObjectNode();
            node.fields().forEachRemaining(f -> out.set(f.getKey(), sorted(f.getValue())));
            return out;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(n -> items.add(sorted(n)));
            items.sort(java.util.Comparator.comparing(JsonNode::toString));
            com.fasterxml.jackson.databind.node.ArrayNode out = Imports.JSON.createArrayNode();
            items.forEach(out::add);
            return out;
        }
        return node;
    }

    /**
     * Lines are split as the body arrives, whatever the reads cut: a line one byte longer than
     * {@code pipeline.imports.max-line-size} (1 MB) rejects its lead alone (413), one of exactly that size is read
     * (and refused for what it holds), and CRLF line ends are lines too.
     */
    @Test
    void aLineLongerThanAllowed_rejectsItsLeadAlone_andLinesEndWithCrLfToo() {
        HistoryGenerator generator = new HistoryGenerator(ThreadLocalRandom.current().nextLong(), END);
        HistoryGenerator.GeneratedLead first = generator.next();
        HistoryGenerator.GeneratedLead last = generator.next();
        int max = 1024 * 1024;
        String file = first.line() + "\r\n" + "x".repeat(max + 1) + "\r\n" + "y".repeat(max - 1) + "\r\n" + last.line();

        JsonNode imported = Imports.run(port, "manager", file);

        assertThat(imported.get("state").asText()).as(imported.toString()).isEqualTo("COMPLETED");
        assertThat(imported.get("lines").asLong()).isEqualTo(4);
        assertThat(imported.get("leadsImported").asLong()).isEqualTo(2);
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        imported.get("errors").forEach(e -> statuses.put(e.get("line").asInt(), e.get("status").asInt()));
        assertThat(statuses).isEqualTo(Map.of(2, 413, 3, 400));
        assertThat(events(first.leadId().toString())).isEqualTo(first.events());
        assertThat(events(last.leadId().toString())).isEqualTo(last.events());
    }

    private static String lead(String id, String... commands) {
        return "{\"leadId\": \"" + id + "\", \"commands\": [" + String.join(", ", commands) + "]}";
    }

    private long events() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private long events(String lead) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, lead);
    }
}
