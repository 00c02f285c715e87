package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes: a query sent with a command's {@code position} as {@code minPosition} sees the command,
 * at once, without polling; a position that never comes answers 503 with {@code Retry-After}.
 */
class MinPositionTest extends StandaloneTest {

    @Test
    void aReadWithTheCommandsPosition_alwaysSeesTheCommand() {
        Http sales = as("sales");
        for (int i = 0; i < 25; i++) {
            JsonNode registered = sales.post("/api/leads", """
                    {"company": {"name": "Read Your Writes %d"}, "contact": {"name": "R", "phone": "1"},
                     "source": "WEBSITE"}""".formatted(i)).json();
            String id = registered.get("leadId").asText();
            Http.Response lead = sales.get("/api/leads/" + id + "?minPosition=" + registered.get("position").asLong());
            assertThat(lead.status()).as(lead.toString()).isEqualTo(200);
            assertThat(lead.json().get("version").asLong()).isEqualTo(1);

            JsonNode contacted = sales.post("/api/leads/" + id + "/first-contact", "{\"channel\": \"PHONE\", "
                    + "\"nextContactAt\": \"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}").json();
            long position = contacted.get("position").asLong();
            assertThat(position).isGreaterThan(registered.get("position").asLong());

            JsonNode seen = sales.get("/api/leads/" + id + "?minPosition=" + position).json();
            assertThat(seen.get("version").asLong()).isEqualTo(2);
            assertThat(seen.get("stage").asText()).isEqualTo("CONTACTED");
            JsonNode history = sales.get("/api/leads/" + id + "/history?minPosition=" + position).json();
            assertThat(history.size()).isEqualTo(2);
            // every lead of the column (the board lists the 50 most urgent by default; this one is the least urgent)
            JsonNode board = sales.get("/api/pipeline?limit=500&minPosition=" + position).json();
            assertThat(board.toString()).contains(id);
            JsonNode contactedStage = board.get("stages").get(1);
            assertThat(contactedStage.get("stage").asText()).isEqualTo("CONTACTED");
            assertThat(contactedStage.get("leads").findValuesAsText("leadId")).contains(id);
        }
    }

    @Test
    void aPositionThatNeverComes_answers503WithRetryAfter_afterTheWait() {
        long head = as("sales").post("/api/leads", """
                {"company": {"name": "Never"}, "contact": {"name": "N", "phone": "1"}, "source": "WEBSITE"}""")
                .json().get("position").asLong();
        long started = System.nanoTime();
        Http.Response r = as("manager").get("/api/analytics/funnel?minPosition=" + (head + 1_000_000));
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("type").asText()).isEqualTo("urn:sales-pipeline:problem:read-models-behind");
        assertThat(r.json().get("minPosition").asLong()).isEqualTo(head + 1_000_000);
        assertThat(waitedMs).as("waited the configured 3 s before giving up").isGreaterThanOrEqualTo(3000);
    }

    @Test
    void theEventLog_needsNoWait_forAnyCommittedPosition() {
        long position = as("sales").post("/api/leads", """
                {"company": {"name": "Log"}, "contact": {"name": "L", "phone": "1"}, "source": "WEBSITE"}""")
                .json().get("position").asLong();
        Http.Response r = as("analyst").get("/api/events?after=" + (position - 1) + "&minPosition=" + position);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"globalIndex\":" + position);
    }

    @Test
    void aMalformedMinPosition_isABadRequest() {
        for (String bad : new String[]{"-1", "x", "1.5", "99999999999999999999"}) {
            Http.Response r = as("sales").get("/api/pipeline?minPosition=" + bad);
            assertThat(r.status()).as(bad + ": " + r).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("minPosition");
        }
    }
}
