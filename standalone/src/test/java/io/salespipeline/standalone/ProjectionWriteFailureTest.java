package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Projections write a whole batch of events at once. A write the database refuses fails the batch; the
 * batch is then handled again one event at a time, so that only the refused event (and the later events
 * of its lead) go to the dead-letter queue while every other lead of the batch is projected.
 */
class ProjectionWriteFailureTest extends StandaloneTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aWriteTheDatabaseRefuses_parksOnlyItsLead() {
        Http sales = as("sales");
        Http admin = as("admin");
        String refused = register(sales, "Refused Ltd");
        awaitVersion(sales, refused, 1);
        // the fault: the database refuses the lead's view from its next event on
        jdbc.execute("alter table lead_view add constraint refuse_one_lead check (lead_id <> '" + refused + "' or version = 1)");
        try {
            List<String> others = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                others.add(register(sales, "Fine " + i));
            }
            assertThat(sales.post("/api/leads/" + refused + "/first-contact",
                    "{\"channel\": \"PHONE\", \"nextContactAt\": \"2099-01-01T09:00:00Z\"}").status()).isEqualTo(200);
            for (String id : others) {
                assertThat(sales.post("/api/leads/" + id + "/first-contact",
                        "{\"channel\": \"EMAIL\", \"nextContactAt\": \"2099-01-01T09:00:00Z\"}").status()).isEqualTo(200);
            }
            for (String id : others) {
                assertThat(awaitVersion(sales, id, 2).get("stage").asText()).isEqualTo("CONTACTED");
            }
            JsonNode letters = await(() -> admin.get("/api/admin/dead-letters?projection=lead-views").json(),
                    json -> json.get("deadLetters").findValuesAsText("sequence").contains(refused));
            assertThat(letters.get("deadLetters").findValuesAsText("sequence")).containsOnly(refused);
            assertThat(sales.get("/api/leads/" + refused).json().get("version").asLong()).isEqualTo(1);
        } finally {
            jdbc.execute("alter table lead_view drop constraint refuse_one_lead");
        }
        JsonNode retry = admin.post("/api/admin/dead-letters/retry?projection=lead-views", null).json();
        assertThat(retry.get("remaining").get("lead-views").asLong()).isZero();
        assertThat(awaitVersion(sales, refused, 2).get("stage").asText()).isEqualTo("CONTACTED");
        assertThat(sales.get("/api/leads/" + refused + "/history").json().size()).isEqualTo(2);
    }

    private static String register(Http sales, String company) {
        return sales.post("/api/leads", """
                {"company": {"name": "%s"}, "contact": {"name": "C", "phone": "1"}, "source": "WEBSITE"}""".formatted(company))
                .json().get("leadId").asText();
    }
}
