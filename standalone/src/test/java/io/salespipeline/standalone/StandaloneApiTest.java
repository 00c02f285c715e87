package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.query.lead.LeadViewProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Both sides in one process on PostgreSQL: what a command did is read back from the lead views. */
class StandaloneApiTest extends StandaloneTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void aLeadsPage_showsWhatItsVersionHolds_whileTheViewsAreBehindTheLog() {
        Http sales = Http.on(port).as("sales");
        String id = Leads.in(sales, Leads.At.OFFER_SENT);
        assertThat(sales.post("/api/leads/" + id + "/follow-ups", "{\"channel\": \"EMAIL\", \"outcome\": \"NO_ANSWER\"}").status())
                .isEqualTo(200);
        JsonNode before = awaitVersion(sales, id, 6);
        assertThat(before.get("followUps").size()).isEqualTo(1);
        EventProcessor views = processing.eventProcessor(LeadViewProjection.PROCESSING_GROUP).orElseThrow();
        views.shutDown();
        try {
            // the second follow-up is in the log, not yet in the lead's row: the page is the row's version, whole
            assertThat(sales.post("/api/leads/" + id + "/follow-ups", "{\"channel\": \"PHONE\", \"outcome\": \"NO_ANSWER\"}")
                    .status()).isEqualTo(200);
            Http.Response page = sales.get("/api/leads/" + id);
            assertThat(page.json().get("version").asLong()).isEqualTo(6);
            assertThat(page.json().get("followUps").size()).as(page.toString()).isEqualTo(1);
        } finally {
            views.start();
        }
        JsonNode after = awaitVersion(sales, id, 7);
        assertThat(after.get("followUps").findValuesAsText("channel")).containsExactly("EMAIL", "PHONE");
    }

    @Test
    void aLeadsDetailsAndHistory_areReadBack() {
        Http sales = Http.on(port).as("sales");
        String id = sales.post("/api/leads", """
                {"company": {"name": "Read Back Sp. z o.o.", "taxId": "PL111"}, "contact": {"name": "Ola", "email": "ola@rb.pl"},
                 "source": "NETWORKING", "priorContact": true, "notes": "met at a fair"}""").json().get("leadId").asText();
        Instant next = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        sales.post("/api/leads/" + id + "/first-contact", """
                {"channel": "VIDEO", "decisionMakers": ["Ola", "CEO"], "needs": "reporting", "competitors": ["HubSpot"],
                 "estimatedBudget": {"amount": "15000.50", "currency": "EUR"}, "nextContactAt": "%s"}""".formatted(next));
        sales.post("/api/leads/" + id + "/qualification", """
                {"estimatedValue": {"amount": "14000.00", "currency": "EUR"}, "proposedService": "reporting suite"}""");
        sales.post("/api/leads/" + id + "/offer-preparation", "{}");
        sales.post("/api/leads/" + id + "/offer", """
                {"value": {"amount": "13500.00", "currency": "EUR"}, "description": "reporting suite, 1 year"}""");
        sales.post("/api/leads/" + id + "/follow-ups", "{\"channel\": \"EMAIL\", \"outcome\": \"NO_ANSWER\"}");

        JsonNode lead = awaitVersion(sales, id, 6);
        assertThat(lead.get("stage").asText()).isEqualTo("FOLLOW_UP");
        assertThat(lead.get("activeContacts").asInt()).isEqualTo(1);
        assertThat(lead.get("owner").asText()).isEqualTo("sales");
        assertThat(lead.get("source").asText()).isEqualTo("NETWORKING");
        assertThat(lead.get("priorContact").asBoolean()).isTrue();
        assertThat(lead.get("company").get("name").asText()).isEqualTo("Read Back Sp. z o.o.");
        assertThat(lead.get("contact").get("email").asText()).isEqualTo("ola@rb.pl");
        assertThat(lead.get("firstContact").get("competitors").get(0).asText()).isEqualTo("HubSpot");
        assertThat(lead.get("firstContact").get("estimatedBudget").get("amount").asText()).isEqualTo("15000.50");
        assertThat(lead.get("qualification").get("proposedService").asText()).isEqualTo("reporting suite");
        assertThat(lead.get("offer").get("value").get("amount").asText()).isEqualTo("13500.00");
        assertThat(lead.get("followUps").size()).isEqualTo(1);

        JsonNode history = sales.get("/api/leads/" + id + "/history").json();
        assertThat(history.size()).isEqualTo(6);
        assertThat(history.findValuesAsText("type")).containsExactly("LeadRegistered", "FirstContactRecorded",
                "LeadQualified", "OfferPreparationStarted", "OfferSent", "FollowUpRecorded");
        assertThat(history.get(0).get("sequence").asLong()).isZero();
        assertThat(history.get(0).get("stageFrom").isNull()).isTrue(); // present, as null
        assertThat(history.get(0).get("stageTo").asText()).isEqualTo("INQUIRY_RECEIVED");
        assertThat(history.get(2).get("stageFrom").asText()).isEqualTo("CONTACTED");
        assertThat(history.get(2).get("stageTo").asText()).isEqualTo("CONTACTED");
        assertThat(history.get(5).get("stageFrom").asText()).isEqualTo("OFFER_SENT");
        assertThat(history.get(5).get("stageTo").asText()).isEqualTo("FOLLOW_UP");
        assertThat(history.get(1).get("data").get("nextContactAt").asText()).isEqualTo(next.toString());
        assertThat(history.get(1).get("occurredAt").asText()).isNotBlank();
        assertThat(history.get(1).get("recordedAt").asText()).isNotBlank();
    }

    @Test
    void anotherRepsLead_isNotFound_forASalesRep_butVisibleToAManager() {
        String id = Http.on(port).as("sales").post("/api/leads", """
                {"company": {"name": "Private"}, "contact": {"name": "P", "phone": "1"}, "source": "OTHER"}""")
                .json().get("leadId").asText();
        awaitVersion(Http.on(port).as("sales"), id, 1);
        Http.Response other = Http.on(port).as("sales2").get("/api/leads/" + id);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(Http.on(port).as("sales2").get("/api/leads/" + id + "/history").status()).isEqualTo(404);
        assertThat(Http.on(port).as("manager").get("/api/leads/" + id).status()).isEqualTo(200);
        assertThat(Http.on(port).as("analyst").get("/api/leads/" + id).status()).isEqualTo(200);
    }

    @Test
    void anUnknownLead_is404_andAMalformedId400() {
        assertThat(Http.on(port).as("manager").get("/api/leads/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(Http.on(port).as("manager").get("/api/leads/nope").status()).isEqualTo(400);
    }

    @Test
    void theOpenApiDescriptionIsServed() {
        Http.Response r = Http.on(port).get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("paths").has("/api/leads/{id}/follow-ups")).isTrue();
        assertThat(r.json().get("paths").has("/api/leads/{id}/history")).isTrue();
    }
}
