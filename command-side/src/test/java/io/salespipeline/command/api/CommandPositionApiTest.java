package io.salespipeline.command.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command answers the global position of the last event it recorded (read-your-writes). */
class CommandPositionApiTest extends CommandApiTest {

    @Test
    void aRegistration_answersThePositionOfItsEvent() {
        Http.Response r = as("sales").post("/api/leads", """
                {"company": {"name": "Position Corp"}, "contact": {"name": "P", "phone": "1"}, "source": "WEBSITE"}""");
        assertThat(r.status()).isEqualTo(201);
        String id = r.json().get("leadId").asText();
        assertThat(r.json().get("position").asLong()).isEqualTo(globalIndex(id, 0));
    }

    @Test
    void aCommandRecordingTwoEvents_answersThePositionOfTheLast() {
        String id = leadIn("OFFER_SENT", "sales");
        String undecided = "{\"channel\": \"PHONE\", \"outcome\": \"NO_DECISION\"}";
        ok(as("sales").post("/api/leads/" + id + "/follow-ups", undecided));
        ok(as("sales").post("/api/leads/" + id + "/follow-ups", undecided));
        // the third undecided contact records the follow-up and the move to LET_THEM_BUY
        JsonNode third = ok(as("sales").post("/api/leads/" + id + "/follow-ups", undecided));
        assertThat(third.get("stage").asText()).isEqualTo("LET_THEM_BUY");
        long last = third.get("version").asLong() - 1;
        assertThat(third.get("position").asLong()).isEqualTo(globalIndex(id, last))
                .isGreaterThan(globalIndex(id, last - 1));
    }

    @Test
    void aCommandThatRecordsNothing_answersNoPosition() {
        String id = register("sales");
        JsonNode same = ok(as("manager").post("/api/leads/" + id + "/owner", "{\"owner\": \"sales\"}"));
        assertThat(same.get("version").asLong()).isEqualTo(1);
        assertThat(same.hasNonNull("position")).isFalse();
    }

    @Test
    void aRetryWithAnIdempotencyKey_answersTheFirstPosition() {
        String id = register("sales");
        Http keyed = as("sales").header("Idempotency-Key", UUID.randomUUID().toString());
        String body = "{\"action\": \"call back\", \"dueAt\": \"" + in(5) + "\"}";
        JsonNode first = ok(keyed.post("/api/leads/" + id + "/next-step", body));
        ok(as("sales").post("/api/leads/" + id + "/next-step", body)); // a later, different command
        JsonNode retry = ok(keyed.post("/api/leads/" + id + "/next-step", body));
        assertThat(first.get("position").asLong()).isEqualTo(globalIndex(id, 1));
        assertThat(retry.get("position").asLong()).isEqualTo(first.get("position").asLong());
    }

    private long globalIndex(String leadId, long sequence) {
        return jdbc.queryForObject("select global_index from domain_event_entry where aggregate_identifier = ? "
                + "and sequence_number = ?", Long.class, leadId, sequence);
    }
}
