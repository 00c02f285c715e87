package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/prometheus} (admins only) with Axon's processor and command meters and the pipeline's own
 * gauges, which move while a replay runs; readiness with the database and the projections.
 */
class MetricsTest extends StandaloneTest {

    private static final List<String> PROJECTIONS = List.of("lead-views", "pipeline-definitions", "stage-visits");

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper objectMapper;

    @Test
    void prometheus_isForAdmins_andHasAxonMetersAndTheGauges() {
        Http.Response anonymous = Http.on(port).get("/actuator/prometheus");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(as("manager").get("/actuator/prometheus").status()).isEqualTo(403);

        // a command (timed on the command bus) and a deadline (the offer promise, 24 h from now)
        Http sales = as("sales");
        String lead = sales.post("/api/leads", """
                {"company": {"name": "Metered"}, "contact": {"name": "M", "phone": "1"}, "source": "WEBSITE"}""")
                .json().get("leadId").asText();
        sales.post("/api/leads/" + lead + "/first-contact", "{\"channel\": \"PHONE\", \"nextContactAt\": \"2099-01-01T10:00:00Z\"}");
        sales.post("/api/leads/" + lead + "/qualification",
                "{\"estimatedValue\": {\"amount\": \"10.00\", \"currency\": \"PLN\"}, \"proposedService\": \"x\"}");
        assertThat(sales.post("/api/leads/" + lead + "/offer-preparation", "{}").status()).isEqualTo(200);
        awaitVersion(sales, lead, 4);

        long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        Scrape scrape = await(this::scrape, s -> s.value("pipeline_events_head") >= head);
        long deadlines = jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = 'AxonDeadline'", Long.class);
        assertThat(deadlines).isPositive();
        assertThat(scrape.value("pipeline_deadlines_pending")).isEqualTo(deadlines);
        assertThat(scrape.value("pipeline_deadlines_failing")).isZero();
        for (String projection : PROJECTIONS) {
            String tag = "{projection=\"" + projection + "\"}";
            assertThat(scrape.value("pipeline_projection_lag_events" + tag)).isGreaterThanOrEqualTo(0);
            assertThat(scrape.value("pipeline_projection_lag_milliseconds" + tag)).isGreaterThanOrEqualTo(0);
            assertThat(scrape.value("pipeline_projection_dead_letters" + tag)).isGreaterThanOrEqualTo(0);
            assertThat(scrape.value("pipeline_projection_dead_letter_leads" + tag)).isGreaterThanOrEqualTo(0);
            assertThat(scrape.value("pipeline_projection_position" + tag)).isPositive();
        }
        assertThat(scrape.value("pipeline_replay_running")).isIn(0.0, 1.0);
        // Axon's monitors (axon-micrometer, dimensional): processor latency and capacity, command timings
        assertThat(scrape.names()).anySatisfy(n -> assertThat(n).startsWith("eventProcessor_latency").contains("processorName=\"lead-views\""));
        assertThat(scrape.names()).anySatisfy(n -> assertThat(n).startsWith("eventProcessor_capacity").contains("processorName=\"stage-visits\""));
        assertThat(scrape.value("commandBus_successTimer_seconds_count{payloadType=\"StartOfferPreparation\"}")).isPositive();
    }

    @Test
    void readiness_includesTheDatabaseAndTheProjections() {
        Http.Response anonymous = Http.on(port).get("/actuator/health/readiness");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().get("status").asText()).isEqualTo("UP");
        JsonNode components = as("admin").get("/actuator/health/readiness").json().get("components");
        assertThat(components.get("db").get("status").asText()).isEqualTo("UP");
        JsonNode projections = components.get("projections");
        assertThat(projections.get("status").asText()).isEqualTo("UP");
        for (String projection : PROJECTIONS) {
            assertThat(projections.get("details").get(projection).get("state").asText()).isIn("UP_TO_DATE", "CATCHING_UP");
        }
    }

    /**
     * The acceptance of issue 10: scraped twice while a replay runs, the replay's progress and lag are not the
     * same. (A replay rebuilds into fresh tables while the projections keep the current ones up to date, so
     * the projections' own lag stays what it was; the replay's lag is the rebuild's.)
     */
    @Test
    void duringAReplay_twoScrapesShowProgressAndLagMoving() {
        SyntheticLog.append(jdbc, objectMapper, 700, Instant.parse("2024-03-04T08:00:00Z"));
        long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        await(this::scrape, s -> s.value("pipeline_projection_lag_events{projection=\"lead-views\"}") == 0
                && s.value("pipeline_projection_lag_events{projection=\"stage-visits\"}") == 0);

        assertThat(as("admin").post("/api/admin/replays", "{}").status()).isEqualTo(202);
        List<Scrape> during = new ArrayList<>();
        Instant until = Instant.now().plusSeconds(120);
        Scrape scrape = scrape();
        while (scrape.value("pipeline_replay_running") == 1 && Instant.now().isBefore(until)) {
            during.add(scrape);
            scrape = scrape();
        }
        Scrape after = await(this::scrape, s -> s.value("pipeline_replay_running") == 0
                && s.value("pipeline_projection_lag_events{projection=\"stage-visits\"}") == 0);
        assertThat(after.value("pipeline_replay_percent")).isEqualTo(100.0);
        assertThat(after.value("pipeline_replay_head")).isEqualTo(head);

        assertThat(during).as("scrapes while the replay ran").hasSizeGreaterThanOrEqualTo(2);
        Scrape first = during.get(0);
        Scrape last = during.get(during.size() - 1);
        String lag = "pipeline_replay_lag_events";
        String live = "pipeline_projection_lag_events{projection=\"stage-visits\"}";
        System.out.printf("replay scraped %d times: percent %.2f -> %.2f, replay lag %.0f -> %.0f events, "
                        + "stage-visits' own lag %.0f -> %.0f events%n", during.size(), first.value("pipeline_replay_percent"),
                last.value("pipeline_replay_percent"), first.value(lag), last.value(lag), first.value(live), last.value(live));
        assertThat(last.value("pipeline_replay_percent")).isGreaterThan(first.value("pipeline_replay_percent"));
        assertThat(last.value(lag)).isLessThan(first.value(lag));
        assertThat(first.value(lag)).isPositive();
        assertThat(first.value("pipeline_replay_position") + first.value(lag)).as("position + lag = head at the start")
                .isEqualTo(head);
        assertThat(during).allSatisfy(s -> assertThat(s.value(live)).as("the live projection keeps up").isLessThan(10));
    }

    private Scrape scrape() {
        Http.Response r = as("admin").get("/actuator/prometheus");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        return Scrape.parse(r.body());
    }

    /** The samples of one scrape by name and labels as Prometheus' text format writes them. */
    record Scrape(Map<String, Double> samples) {

        static Scrape parse(String text) {
            Map<String, Double> samples = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
            return new Scrape(samples);
        }

        double value(String sample) {
            Double value = samples.get(sample);
            assertThat(value).as("sample %s in %s", sample, samples.keySet()).isNotNull();
            return value;
        }

        List<String> names() {
            return List.copyOf(samples.keySet());
        }
    }
}
