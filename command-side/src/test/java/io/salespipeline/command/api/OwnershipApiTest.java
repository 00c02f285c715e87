package io.salespipeline.command.api;

import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnershipApiTest extends CommandApiTest {

    @Test
    void aSalesRep_isRefusedOnAnotherRepsLead() {
        String id = leadIn("CONTACTED", "sales");
        Http.Response r = as("sales2").post("/api/leads/" + id + "/lost", "{\"reason\": \"PRICE\"}");
        assertProblem(r, 403, "forbidden");
        assertThat(eventTypes(id)).doesNotContain("LeadLost");
    }

    @Test
    void aSalesRep_cannotRegisterALeadForAnotherRep() {
        Http.Response r = as("sales").post("/api/leads", """
                {"company": {"name": "X"}, "contact": {"name": "Y", "phone": "1"}, "source": "WEBSITE", "owner": "sales2"}""");
        assertProblem(r, 403, "forbidden");
    }

    @Test
    void aManager_actsOnEveryLead_andReassignsThem() {
        String id = leadIn("CONTACTED", "sales");
        ok(as("manager").post("/api/leads/" + id + "/next-step", "{\"action\": \"call CFO\", \"dueAt\": \"" + in(3) + "\"}"));
        ok(as("manager").post("/api/leads/" + id + "/owner", "{\"owner\": \"sales2\"}"));
        // the new owner may act, the old one no longer
        ok(as("sales2").post("/api/leads/" + id + "/next-step", "{\"action\": \"intro call\", \"dueAt\": \"" + in(4) + "\"}"));
        assertProblem(as("sales").post("/api/leads/" + id + "/next-step",
                "{\"action\": \"x\", \"dueAt\": \"" + in(4) + "\"}"), 403, "forbidden");
    }

    @Test
    void registrationDefaultsTheOwnerToTheCaller() {
        String id = register("sales2");
        String payload = jdbc.queryForObject("select convert_from(payload, 'UTF8') from domain_event_entry "
                + "where aggregate_identifier = ? and sequence_number = 0", String.class, id);
        assertThat(payload).contains("\"owner\":\"sales2\"");
    }
}
