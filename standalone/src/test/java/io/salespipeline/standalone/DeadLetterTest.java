package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * A projection that fails for one lead parks that lead's events in its dead-letter queue while every
 * other lead keeps being projected; once the fault is gone, a retry empties the queue.
 */
class DeadLetterTest extends StandaloneTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aFailingLead_isDeadLettered_othersKeepUpdating_andARetryClearsTheQueue() {
        Http sales = Http.on(port).as("sales");
        Http admin = Http.on(port).as("admin");
        String broken = register(sales, "Broken Ltd");
        String healthy = register(sales, "Healthy Ltd");
        awaitVersion(sales, broken, 1);
        awaitVersion(sales, healthy, 1);

        // the fault: the lead's view loses track of its first event, so the next one no longer fits
        jdbc.update("update lead_view set version = 0 where lead_id = ?", broken);

        for (String id : new String[]{broken, healthy}) {
            assertThat(sales.post("/api/leads/" + id + "/first-contact",
                    "{\"channel\": \"PHONE\", \"nextContactAt\": \"2099-01-01T09:00:00Z\"}").status()).isEqualTo(200);
            assertThat(sales.post("/api/leads/" + id + "/qualification",
                    "{\"estimatedValue\": {\"amount\": \"100\", \"currency\": \"EUR\"}, \"proposedService\": \"x\"}").status())
                    .isEqualTo(200);
        }

        assertThat(awaitVersion(sales, healthy, 3).get("stage").asText()).isEqualTo("CONTACTED");
        // (after a replay in the same processors Axon may park an event twice; the retry skips the copy)
        JsonNode letters = await(() -> admin.get("/api/admin/dead-letters?projection=lead-views").json(),
                json -> json.get("deadLetters").findValuesAsText("eventType").containsAll(
                        java.util.List.of("FirstContactRecorded", "LeadQualified")));
        assertThat(letters.get("sequences").get("lead-views").asLong()).isEqualTo(1);
        assertThat(letters.get("deadLetters").findValuesAsText("sequence")).containsOnly(broken);
        assertThat(letters.get("deadLetters").findValuesAsText("eventType").stream().distinct())
                .containsExactly("FirstContactRecorded", "LeadQualified");
        assertThat(letters.get("deadLetters").get(0).get("causeMessage").asText()).contains("got event 1");
        // the other projection is not affected at all
        // every lead of the column (the board lists the 50 most urgent by default; these two are the least urgent)
        JsonNode board = Http.on(port).as("manager").get("/api/pipeline?limit=500").json();
        assertThat(board.get("stages").get(1).get("leads").findValuesAsText("leadId")).contains(broken, healthy);

        // the fault removed, the retry projects the parked events in order
        jdbc.update("update lead_view set version = 1 where lead_id = ?", broken);
        JsonNode retry = admin.post("/api/admin/dead-letters/retry?projection=lead-views", null).json();
        assertThat(retry.get("retriedSequences").get("lead-views").asInt()).isEqualTo(1);
        assertThat(retry.get("remaining").get("lead-views").asLong()).isZero();
        assertThat(admin.get("/api/admin/dead-letters").json().get("deadLetters").size()).isZero();
        JsonNode lead = awaitVersion(sales, broken, 3);
        assertThat(lead.get("stage").asText()).isEqualTo("CONTACTED");
        assertThat(lead.get("qualification").get("proposedService").asText()).isEqualTo("x");
    }

    @Test
    void onlyAdminsSeeDeadLetters() {
        assertThat(Http.on(port).as("manager").get("/api/admin/dead-letters").status()).isEqualTo(403);
        assertThat(Http.on(port).as("admin").get("/api/admin/dead-letters?projection=nope").status()).isEqualTo(400);
    }

    private static String register(Http sales, String company) {
        return sales.post("/api/leads", """
                {"company": {"name": "%s"}, "contact": {"name": "C", "phone": "1"}, "source": "WEBSITE"}""".formatted(company))
                .json().get("leadId").asText();
    }
}
