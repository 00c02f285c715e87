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

/** A full replay rebuilds every read model to the same answers, and reports its progress on the way. */
class ReplayTest extends StandaloneTest {

    private static final String AS_OF = "2026-09-01T00:00:00Z";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper objectMapper;

    @Test
    void everyEndpointAnswersTheSameAfterAFullReplay_andProgressRisesTo100() {
        Http sales = Http.on(port).as("sales");
        String lead = sales.post("/api/leads", """
                {"company": {"name": "Replayed"}, "contact": {"name": "R", "phone": "1"}, "source": "REFERRAL",
                 "occurredAt": "2026-04-01T08:00:00Z"}""").json().get("leadId").asText();
        sales.post("/api/leads/" + lead + "/first-contact",
                "{\"channel\": \"PHONE\", \"nextContactAt\": \"2026-04-03T08:00:00Z\", \"occurredAt\": \"2026-04-02T08:00:00Z\"}");
        sales.post("/api/leads/" + lead + "/lost", "{\"reason\": \"TIMING\", \"occurredAt\": \"2026-04-05T08:00:00Z\"}");
        int events = SyntheticLog.append(jdbc, objectMapper, 700, Instant.parse("2026-01-05T08:00:00Z"));
        long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        awaitCaughtUp(head);

        Map<String, JsonNode> before = answers(lead);

        Http admin = Http.on(port).as("admin");
        Http.Response started = admin.post("/api/admin/replays", "{}");
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.header("Location")).isEqualTo("/api/admin/replays/current");
        List<Double> percents = new ArrayList<>();
        JsonNode progress = started.json();
        Instant until = Instant.now().plusSeconds(120);
        while (!progress.get("state").asText().equals("COMPLETED") && Instant.now().isBefore(until)) {
            percents.add(progress.get("percent").asDouble());
            assertThat(progress.get("head").asLong()).isEqualTo(head);
            assertThat(sales.get("/api/leads/" + lead).header("X-Read-Models")).isIn("rebuilding", null);
            sleep(20);
            progress = admin.get("/api/admin/replays/current").json();
        }
        assertThat(progress.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(progress.get("percent").asDouble()).isEqualTo(100.0);
        assertThat(progress.get("position").asLong()).isEqualTo(head);
        percents.add(100.0);
        assertThat(percents).isSorted();
        assertThat(percents.stream().filter(p -> p > 0 && p < 100).count())
                .as("progress seen between 0 and 100 %%: %s", percents).isGreaterThan(0);
        assertThat(progress.get("eventsPerSecond").asDouble()).isPositive();

        assertThat(answers(lead)).isEqualTo(before);
        assertThat(events).isGreaterThan(4000);
    }

    @Test
    void aReplayOfUnknownProjections_is400_andNeedsTheAdminRole() {
        Http.Response r = Http.on(port).as("admin").post("/api/admin/replays", "{\"projections\": [\"nope\"]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(Http.on(port).as("manager").post("/api/admin/replays", "{}").status()).isEqualTo(403);
    }

    private Map<String, JsonNode> answers(String lead) {
        Http analyst = Http.on(port).as("analyst");
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        answers.put("lead", Http.on(port).as("manager").get("/api/leads/" + lead).json());
        answers.put("history", Http.on(port).as("manager").get("/api/leads/" + lead + "/history").json());
        answers.put("board", Http.on(port).as("manager").get("/api/pipeline?at=" + AS_OF).json());
        answers.put("list", Http.on(port).as("manager").get("/api/leads?size=500&stage=WON").json());
        for (String groupBy : List.of("reason", "stage", "source", "owner", "month")) {
            answers.put("lost-" + groupBy, analyst.get("/api/analytics/lost-reasons?to=" + AS_OF + "&groupBy=" + groupBy).json());
        }
        answers.put("time", analyst.get("/api/analytics/time-in-stage?to=" + AS_OF).json());
        answers.put("funnel", analyst.get("/api/analytics/funnel?to=" + AS_OF).json());
        answers.put("sla", analyst.get("/api/analytics/sla?to=" + AS_OF).json());
        answers.values().forEach(a -> assertThat(a.has("status")).as(a.toString()).isFalse());
        // the list measures hours to now: compare everything else
        answers.get("list").get("items").forEach(item -> ((com.fasterxml.jackson.databind.node.ObjectNode) item).remove("hoursInStage"));
        return answers;
    }

    private void awaitCaughtUp(long head) {
        Instant until = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(until)) {
            Long views = jdbc.queryForObject("select coalesce(sum(version), 0) from lead_view", Long.class);
            Long visits = jdbc.queryForObject("select coalesce(sum(version), 0) from visit_lead", Long.class);
            Long stored = jdbc.queryForObject("select count(*) from domain_event_entry where type = 'Lead'", Long.class);
            if (views.equals(stored) && visits.equals(stored)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("projections did not catch up with " + head);
    }
}
