package io.salespipeline.command.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HappyPathApiTest extends CommandApiTest {

    @Test
    void aLeadGoesFromInquiryToAfterSales() {
        Http sales = as("sales");
        Http.Response registered = sales.post("/api/leads", """
                {"company": {"name": "Kowalski i Syn", "taxId": "PL5260001246", "address": "Kraków"},
                 "contact": {"name": "Anna Nowak", "email": "anna@kis.pl"},
                 "source": "GOOGLE_ADS", "priorContact": true, "notes": "asked for a demo"}""");
        assertThat(registered.status()).isEqualTo(201);
        String id = registered.json().get("leadId").asText();
        assertThat(registered.header("Location")).isEqualTo("/api/leads/" + id);
        assertThat(registered.header("ETag")).isEqualTo("\"1\"");
        assertThat(registered.json().get("stage").asText()).isEqualTo("INQUIRY_RECEIVED");

        step(sales, id, "first-contact", """
                {"channel": "MEETING", "decisionMakers": ["Anna Nowak", "CFO"], "needs": "pipeline reports",
                 "competitors": ["Pipedrive"], "decisionExpectedBy": "2027-01-15",
                 "estimatedBudget": {"amount": "20000", "currency": "PLN"}, "nextContactAt": "%s"}"""
                .formatted(in(48)), 2, "CONTACTED");
        step(sales, id, "qualification", """
                {"estimatedValue": {"amount": "18000.00", "currency": "PLN"}, "proposedService": "CRM + training"}""",
                3, "CONTACTED");
        step(sales, id, "offer-preparation", "{\"promisedBy\": \"" + in(24) + "\"}", 4, "OFFER_PREPARATION");
        step(sales, id, "offer", """
                {"value": {"amount": "17500.00", "currency": "PLN"}, "description": "CRM, 10 seats, training"}""",
                5, "OFFER_SENT");
        step(sales, id, "follow-ups", """
                {"channel": "PHONE", "outcome": "POSITIVE", "notes": "accepts",
                 "nextStep": {"action": "sign the contract", "dueAt": "%s"}}""".formatted(in(72)), 6, "FOLLOW_UP");
        step(sales, id, "won", "{\"finalValue\": {\"amount\": \"17500.00\", \"currency\": \"PLN\"}}", 7, "WON");
        step(sales, id, "after-sales", """
                {"accountManager": "ewa.cs", "nextContactAt": "%s", "purpose": "onboarding check"}"""
                .formatted(in(24 * 14)), 8, "AFTER_SALES");

        assertThat(sequenceNumbers(id)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(eventTypes(id)).containsExactly("LeadRegistered", "FirstContactRecorded", "LeadQualified",
                "OfferPreparationStarted", "OfferSent", "FollowUpRecorded", "LeadWon", "AfterSalesStarted");
    }

    private void step(Http http, String id, String action, String body, long version, String stage) {
        Http.Response r = http.post("/api/leads/" + id + "/" + action, body);
        JsonNode json = ok(r);
        assertThat(json.get("leadId").asText()).isEqualTo(id);
        assertThat(json.get("version").asLong()).isEqualTo(version);
        assertThat(json.get("stage").asText()).isEqualTo(stage);
        assertThat(r.header("ETag")).isEqualTo("\"" + version + "\"");
    }
}
