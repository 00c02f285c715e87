package io.salespipeline.command.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LetThemBuyApiTest extends CommandApiTest {

    private static final String NO_DECISION = "{\"channel\": \"PHONE\", \"outcome\": \"NO_DECISION\", \"notes\": \"still thinking\"}";

    @Test
    void theThirdUndecidedFollowUp_movesTheLeadToLetThemBuy() {
        String id = leadIn("OFFER_SENT", "sales");
        assertThat(ok(as("sales").post("/api/leads/" + id + "/follow-ups", NO_DECISION)).get("stage").asText())
                .isEqualTo("FOLLOW_UP");
        assertThat(ok(as("sales").post("/api/leads/" + id + "/follow-ups", NO_DECISION)).get("stage").asText())
                .isEqualTo("FOLLOW_UP");
        var third = ok(as("sales").post("/api/leads/" + id + "/follow-ups", NO_DECISION));
        assertThat(third.get("stage").asText()).isEqualTo("LET_THEM_BUY");
        assertThat(third.get("version").asLong()).isEqualTo(9);
        assertThat(eventTypes(id)).endsWith("FollowUpRecorded", "FollowUpRecorded", "FollowUpRecorded",
                "LeadMovedToLetThemBuy");

        // the client comes back by itself
        assertThat(ok(as("sales").post("/api/leads/" + id + "/won", "{}")).get("stage").asText()).isEqualTo("WON");
    }
}
