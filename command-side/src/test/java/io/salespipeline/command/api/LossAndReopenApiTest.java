package io.salespipeline.command.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LossAndReopenApiTest extends CommandApiTest {

    @Test
    void aLeadIsLostFromOfferSent_withItsReason() {
        String id = leadIn("OFFER_SENT", "sales");
        var lost = ok(as("sales").post("/api/leads/" + id + "/lost", """
                {"reason": "COMPETITOR", "details": "cheaper licence", "competitor": "Pipedrive"}"""));
        assertThat(lost.get("stage").asText()).isEqualTo("LOST");
        String payload = jdbc.queryForObject("select convert_from(payload, 'UTF8') from domain_event_entry "
                + "where aggregate_identifier = ? and payload_type like '%LeadLost'", String.class, id);
        assertThat(payload).contains("\"reason\":\"COMPETITOR\"", "\"lostFromStage\":\"OFFER_SENT\"",
                "\"competitor\":\"Pipedrive\"");
    }

    @Test
    void aLostLeadIsReopened_intoTheStageItLeft() {
        String id = leadIn("OFFER_SENT", "sales");
        ok(as("sales").post("/api/leads/" + id + "/lost", "{\"reason\": \"TIMING\", \"details\": \"next quarter\"}"));
        var reopened = ok(as("sales").post("/api/leads/" + id + "/reopening",
                "{\"reason\": \"budget approved after all\"}"));
        assertThat(reopened.get("stage").asText()).isEqualTo("OFFER_SENT");
        assertThat(reopened.get("version").asLong()).isEqualTo(7);
        var won = ok(as("sales").post("/api/leads/" + id + "/won", null));
        assertThat(won.get("stage").asText()).isEqualTo("WON");
        assertThat(eventTypes(id)).endsWith("LeadLost", "LeadReopened", "LeadWon");
    }

    @Test
    void aLostLeadIsReopened_intoANamedStage() {
        String id = leadIn("CONTACTED", "sales");
        ok(as("sales").post("/api/leads/" + id + "/lost", "{\"reason\": \"NO_BUDGET\"}"));
        var reopened = ok(as("sales").post("/api/leads/" + id + "/reopening",
                "{\"reason\": \"new contact person\", \"stage\": \"INQUIRY_RECEIVED\"}"));
        assertThat(reopened.get("stage").asText()).isEqualTo("INQUIRY_RECEIVED");
    }
}
