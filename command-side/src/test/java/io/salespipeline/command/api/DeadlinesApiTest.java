package io.salespipeline.command.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The promises become persistent deadlines, and the awaited command cancels its deadline by id. */
class DeadlinesApiTest extends CommandApiTest {

    @Test
    void theOfferPromise_andTheFollowUpWindow_arePendingUntilKept() {
        String id = leadIn("CONTACTED", "sales");
        ok(as("sales").post("/api/leads/" + id + "/offer-preparation", "{\"promisedBy\": \"" + in(24) + "\"}"));
        assertThat(pending(id)).containsExactly("offer-promise");

        ok(as("sales").post("/api/leads/" + id + "/offer", """
                {"value": {"amount": "500.00", "currency": "EUR"}, "description": "audit"}"""));
        assertThat(pending(id)).containsExactly("follow-up");

        // the first follow-up keeps its promise and sets the next one ("3x48"): a deadline of its own
        ok(as("sales").post("/api/leads/" + id + "/follow-ups", "{\"channel\": \"EMAIL\", \"outcome\": \"NEGOTIATING\"}"));
        assertThat(pending(id)).containsExactly("follow-up");

        ok(as("sales").post("/api/leads/" + id + "/won", "{}"));
        assertThat(pending(id)).isEmpty();
    }

    @Test
    void aLoss_cancelsThePendingDeadline() {
        String id = leadIn("OFFER_PREPARATION", "sales");
        assertThat(pending(id)).containsExactly("offer-promise");
        ok(as("sales").post("/api/leads/" + id + "/lost", "{\"reason\": \"NO_BUDGET\"}"));
        assertThat(pending(id)).isEmpty();
    }

    /** The lead's deadlines that db-scheduler still holds. */
    private List<String> pending(String leadId) {
        return jdbc.queryForList("""
                select d.deadline_name from lead_deadline d
                join scheduled_tasks t on t.task_instance = d.schedule_id
                where d.lead_id = ? order by d.deadline_name""", String.class, leadId);
    }
}
