package io.salespipeline.command.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PUT /api/pipelines/{key}: definitions as events, versions, validation (400), a source claimed twice (409).
 * The context's database is shared with the other API tests: each test gives back the sources it claimed.
 */
class PipelinesApiTest extends CommandApiTest {

    private final java.util.List<String> claimed = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void releaseTheSources() {
        claimed.forEach(key -> assertThat(as("admin").send("PUT", "/api/pipelines/" + key,
                body("[]", WITHOUT_PREPARATION, null)).status()).isEqualTo(200));
    }

    private static String body(String sources, String stages, String rules) {
        return "{\"name\": \"Polecenia\", \"sources\": " + sources + ", \"stages\": " + stages
                + (rules == null ? "" : ", \"rules\": " + rules) + "}";
    }

    private static final String WITHOUT_PREPARATION = """
            [{"stage": "INQUIRY_RECEIVED", "label": "Zapytanie"}, {"stage": "CONTACTED", "label": "Rozmowa"},
             {"stage": "OFFER_SENT", "label": "Oferta"}, {"stage": "FOLLOW_UP", "label": "Follow-up"},
             {"stage": "WON"}, {"stage": "AFTER_SALES"}, {"stage": "LOST"}, {"stage": "DISQUALIFIED"}]""";

    @Test
    void aPipelineIsDefined_thenChanged_asVersionsInTheLog() {
        String key = "p-" + UUID.randomUUID().toString().substring(0, 8);
        Http admin = as("admin");
        Http.Response created = admin.send("PUT", "/api/pipelines/" + key,
                body("[\"SOCIAL_MEDIA\"]", WITHOUT_PREPARATION, "{\"followUpWindow\": \"PT72H\"}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        claimed.add(key);
        JsonNode v1 = created.json();
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        assertThat(v1.get("stages").size()).isEqualTo(8);
        assertThat(v1.get("stages").get(4).get("label").asText()).isEqualTo("Wygrane"); // no label: the trainer's
        assertThat(v1.get("rules").get("followUpWindow").asText()).isEqualTo("PT72H");
        assertThat(v1.get("rules").get("offerPromise").asText()).isEqualTo("PT24H"); // the deployment's default

        Http.Response same = admin.send("PUT", "/api/pipelines/" + key,
                body("[\"SOCIAL_MEDIA\"]", WITHOUT_PREPARATION, "{\"followUpWindow\": \"PT72H\"}"));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("version").asInt()).isEqualTo(1);

        Http.Response changed = admin.send("PUT", "/api/pipelines/" + key,
                body("[\"SOCIAL_MEDIA\"]", WITHOUT_PREPARATION, "{\"followUpWindow\": \"PT60H\"}"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("version").asInt()).isEqualTo(2);

        assertThat(jdbc.queryForList("select payload_type from domain_event_entry where aggregate_identifier = 'pipelines'",
                String.class)).allMatch(t -> t.endsWith("PipelineDefined"));

        // a lead of that source follows it: the offer goes out right after qualification
        String lead = as("sales").post("/api/leads", """
                {"company": {"name": "Social"}, "contact": {"name": "S", "phone": "1"}, "source": "SOCIAL_MEDIA"}""")
                .json().get("leadId").asText();
        ok(as("sales").post("/api/leads/" + lead + "/first-contact", "{\"channel\": \"PHONE\", \"nextContactAt\": \"" + in(24) + "\"}"));
        Http.Response preparation = as("sales").post("/api/leads/" + lead + "/offer-preparation", "{}");
        assertProblem(preparation, 409, "illegal-transition");
        ok(as("sales").post("/api/leads/" + lead + "/qualification", """
                {"estimatedValue": {"amount": "100.00", "currency": "PLN"}, "proposedService": "ads"}"""));
        assertThat(ok(as("sales").post("/api/leads/" + lead + "/offer", """
                {"value": {"amount": "100.00", "currency": "PLN"}, "description": "ads"}""")).get("stage").asText())
                .isEqualTo("OFFER_SENT");
        String registered = new String(jdbc.queryForObject("select payload from domain_event_entry where aggregate_identifier = ? "
                + "and sequence_number = 0", byte[].class, lead));
        assertThat(registered).contains("\"key\":\"" + key + "\"").contains("\"version\":2");
    }

    @Test
    void aSourceClaimedByAnotherPipeline_is409() {
        String first = "a-" + UUID.randomUUID().toString().substring(0, 8);
        String second = "b-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(as("admin").send("PUT", "/api/pipelines/" + first, body("[\"GOOGLE_ADS\"]", WITHOUT_PREPARATION, null))
                .status()).isEqualTo(201);
        claimed.add(first);
        Http.Response r = as("admin").send("PUT", "/api/pipelines/" + second, body("[\"GOOGLE_ADS\"]", WITHOUT_PREPARATION, null));
        assertProblem(r, 409, "source-claimed");
        assertThat(r.json().get("claimedBy").asText()).isEqualTo(first);
    }

    @Test
    void invalidDefinitions_are400() {
        Http admin = as("admin");
        String key = "/api/pipelines/x-" + UUID.randomUUID().toString().substring(0, 8);
        // a mandatory stage left out (FOLLOW_UP)
        assertProblem(admin.send("PUT", key, body("[]", """
                [{"stage": "INQUIRY_RECEIVED"}, {"stage": "CONTACTED"}, {"stage": "OFFER_SENT"}, {"stage": "WON"},
                 {"stage": "LOST"}, {"stage": "DISQUALIFIED"}]""", null)), 400, "invalid-input");
        // an unknown stage
        assertProblem(admin.send("PUT", key, body("[]", "[{\"stage\": \"NEGOTIATION\"}]", null)), 400, "invalid-input");
        // a source listed twice
        assertProblem(admin.send("PUT", key, body("[\"WEBSITE\", \"WEBSITE\"]", WITHOUT_PREPARATION, null)), 400, "invalid-input");
        // non-positive durations
        assertProblem(admin.send("PUT", key, body("[]", WITHOUT_PREPARATION, "{\"offerPromise\": \"PT0S\"}")), 400, "invalid-input");
        assertProblem(admin.send("PUT", key, body("[]", WITHOUT_PREPARATION, "{\"followUpWindow\": \"-PT1H\"}")), 400, "invalid-input");
        // a malformed key
        assertProblem(admin.send("PUT", "/api/pipelines/Not_A_Key", body("[]", WITHOUT_PREPARATION, null)), 400, "invalid-input");
    }

    @Test
    void theDefaultPipeline_followsTheConfiguration_andOnlyAdminsDefinePipelines() {
        assertProblem(as("admin").send("PUT", "/api/pipelines/default", body("[]", WITHOUT_PREPARATION, null)), 422, "business-rule");
        assertThat(as("manager").send("PUT", "/api/pipelines/whatever", body("[]", WITHOUT_PREPARATION, null)).status())
                .isEqualTo(403);
        assertThat(jdbc.queryForObject("""
                select count(*) from domain_event_entry where aggregate_identifier = 'pipelines'
                and convert_from(payload, 'UTF8') like '%"key":"default"%'""", Long.class)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anAfterSalesContact_plansTheNextOne() {
        String id = leadIn("OFFER_SENT", "sales");
        ok(as("sales").post("/api/leads/" + id + "/won", "{}"));
        ok(as("sales").post("/api/leads/" + id + "/after-sales", "{\"accountManager\": \"sales2\", \"nextContactAt\": \""
                + in(48) + "\", \"purpose\": \"onboarding\"}"));
        // the handover: the account manager owns the lead, the rep who won it no longer
        assertThat(as("sales").post("/api/leads/" + id + "/after-sales/contacts", "{\"channel\": \"PHONE\", "
                + "\"nextContactAt\": \"" + in(96) + "\", \"purpose\": \"review\"}").status()).isEqualTo(403);
        JsonNode answer = ok(as("sales2").post("/api/leads/" + id + "/after-sales/contacts", "{\"channel\": \"PHONE\", "
                + "\"nextContactAt\": \"" + in(96) + "\", \"purpose\": \"review\"}"));
        assertThat(answer.get("stage").asText()).isEqualTo("AFTER_SALES");
        assertProblem(as("sales2").post("/api/leads/" + id + "/after-sales/contacts", "{\"channel\": \"PHONE\", "
                + "\"purpose\": \"review\"}"), 400, "invalid-input");
    }
}
