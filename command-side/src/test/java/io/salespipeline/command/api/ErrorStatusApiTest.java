package io.salespipeline.command.api;

import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error status of API.md, each with a problem+json body. */
class ErrorStatusApiTest extends CommandApiTest {

    @Test
    void malformedJson_is400() {
        assertProblem(as("sales").post("/api/leads", "{\"company\": "), 400, "invalid-input");
    }

    @Test
    void missingRequiredFields_are400_withFieldErrors() {
        Http.Response r = as("sales").post("/api/leads", "{\"company\": {\"name\": \"\"}, \"source\": \"REFERRAL\"}");
        assertProblem(r, 400, "invalid-input");
        assertThat(r.json().get("errors").findValuesAsText("field")).contains("company.name", "contact");
    }

    @Test
    void anUnknownEnumValue_is400_andNamesTheAllowedValues() {
        Http.Response r = as("sales").post("/api/leads", """
                {"company": {"name": "X"}, "contact": {"name": "Y", "email": "y@x.pl"}, "source": "TELEPATHY"}""");
        assertProblem(r, 400, "invalid-input");
        assertThat(r.json().get("detail").asText()).contains("source", "REFERRAL");
    }

    @Test
    void markLostWithoutReason_is400() {
        String id = leadIn("OFFER_SENT", "sales");
        Http.Response r = as("sales").post("/api/leads/" + id + "/lost", "{\"details\": \"no idea\"}");
        assertProblem(r, 400, "invalid-input");
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("reason");
    }

    @Test
    void markLostForOtherWithoutDetails_is400() {
        String id = leadIn("OFFER_SENT", "sales");
        Http.Response r = as("sales").post("/api/leads/" + id + "/lost", "{\"reason\": \"OTHER\"}");
        assertProblem(r, 400, "invalid-input");
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("details");
    }

    @Test
    void anUnknownCurrency_is400() {
        String id = leadIn("CONTACTED", "sales");
        Http.Response r = as("sales").post("/api/leads/" + id + "/qualification",
                "{\"estimatedValue\": {\"amount\": \"10\", \"currency\": \"ZZZ\"}, \"proposedService\": \"x\"}");
        assertProblem(r, 400, "invalid-input");
    }

    @Test
    void aMalformedLeadIdInThePath_is400() {
        assertProblem(as("sales").post("/api/leads/not-a-uuid/won", "{}"), 400, "invalid-input");
    }

    @Test
    void noCredentials_is401() {
        Http.Response r = api().post("/api/leads", "{}");
        assertProblem(r, 401, "authentication-required");
        assertThat(r.header("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void wrongPassword_is401() {
        Http.Response r = api().header("Authorization", "Basic c2FsZXM6d3Jvbmc=").post("/api/leads", "{}");
        assertProblem(r, 401, "authentication-required");
    }

    @Test
    void anAnalystSendingACommand_is403() {
        String id = register("sales");
        assertProblem(as("analyst").post("/api/leads/" + id + "/lost", "{\"reason\": \"PRICE\"}"), 403, "forbidden");
    }

    @Test
    void aSalesRepReassigningALead_is403() {
        String id = register("sales");
        assertProblem(as("sales").post("/api/leads/" + id + "/owner", "{\"owner\": \"sales2\"}"), 403, "forbidden");
    }

    @Test
    void anUnknownLead_is404() {
        assertProblem(as("manager").post("/api/leads/" + UUID.randomUUID() + "/won", "{}"), 404, "unknown-lead");
    }

    @Test
    void anIllegalTransition_is409_namingTheStageAndTheAllowedCommands() {
        String id = leadIn("CONTACTED", "sales");
        Http.Response r = as("sales").post("/api/leads/" + id + "/follow-ups",
                "{\"channel\": \"PHONE\", \"outcome\": \"POSITIVE\"}");
        assertProblem(r, 409, "illegal-transition");
        assertThat(r.json().get("stage").asText()).isEqualTo("CONTACTED");
        assertThat(r.json().get("command").asText()).isEqualTo("RecordFollowUp");
        assertThat(r.json().get("allowedCommands").toString()).contains("StartOfferPreparation", "MarkLost");
        assertThat(r.json().get("detail").asText()).contains("CONTACTED");
    }

    @Test
    void registeringAnIdAlreadyTaken_is409() {
        String id = register("sales");
        Http.Response r = as("sales").post("/api/leads", """
                {"leadId": "%s", "company": {"name": "X"}, "contact": {"name": "Y", "phone": "1"}, "source": "WEBSITE"}"""
                .formatted(id));
        assertProblem(r, 409, "lead-exists");
    }

    @Test
    void aStaleIfMatch_is412_withTheCurrentVersion() {
        String id = register("sales");
        Http.Response r = as("sales").header("If-Match", "\"7\"").post("/api/leads/" + id + "/first-contact",
                "{\"channel\": \"EMAIL\", \"nextContactAt\": \"" + in(24) + "\"}");
        assertProblem(r, 412, "version-mismatch");
        assertThat(r.json().get("currentVersion").asLong()).isEqualTo(1);
        assertThat(r.header("ETag")).isEqualTo("\"1\"");
        assertThat(sequenceNumbers(id)).containsExactly(0L);
    }

    @Test
    void aMatchingIfMatch_isAccepted() {
        String id = register("sales");
        Http.Response r = as("sales").header("If-Match", "\"1\"").post("/api/leads/" + id + "/first-contact",
                "{\"channel\": \"EMAIL\", \"nextContactAt\": \"" + in(24) + "\"}");
        assertThat(ok(r).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void occurredAtBeforeTheLeadsLastEvent_is422() {
        String id = register("sales");
        String earlier = Instant.now().minus(30, ChronoUnit.DAYS).toString();
        Http.Response r = as("sales").post("/api/leads/" + id + "/first-contact",
                "{\"channel\": \"EMAIL\", \"nextContactAt\": \"" + in(24) + "\", \"occurredAt\": \"" + earlier + "\"}");
        assertProblem(r, 422, "business-rule");
        assertThat(r.json().get("rule").asText()).isEqualTo("OCCURRED_AT_BEFORE_LAST_EVENT");
    }

    @Test
    void occurredAtInTheFuture_is422() {
        Http.Response r = as("sales").post("/api/leads", """
                {"company": {"name": "X"}, "contact": {"name": "Y", "phone": "1"}, "source": "WEBSITE",
                 "occurredAt": "%s"}""".formatted(in(2)));
        assertProblem(r, 422, "business-rule");
        assertThat(r.json().get("rule").asText()).isEqualTo("OCCURRED_AT_IN_FUTURE");
    }

    @Test
    void aFollowUpLaterThan48hWithoutReason_is422() {
        String id = leadIn("OFFER_PREPARATION", "sales");
        Http.Response r = as("sales").post("/api/leads/" + id + "/offer", """
                {"value": {"amount": "100", "currency": "EUR"}, "description": "x", "followUpDueAt": "%s"}"""
                .formatted(in(72)));
        assertProblem(r, 422, "business-rule");
        assertThat(r.json().get("rule").asText()).isEqualTo("FOLLOW_UP_TOO_LATE");
        Http.Response withReason = as("sales").post("/api/leads/" + id + "/offer", """
                {"value": {"amount": "100", "currency": "EUR"}, "description": "x", "followUpDueAt": "%s",
                 "followUpDelayReason": "client on holiday"}""".formatted(in(72)));
        assertThat(ok(withReason).get("stage").asText()).isEqualTo("OFFER_SENT");
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherBody_is422() {
        String id = register("sales");
        Http sales = as("sales").header("Idempotency-Key", "reuse-" + id);
        ok(sales.post("/api/leads/" + id + "/next-step", "{\"action\": \"call\", \"dueAt\": \"" + in(5) + "\"}"));
        Http.Response r = sales.post("/api/leads/" + id + "/next-step", "{\"action\": \"email\", \"dueAt\": \"" + in(5) + "\"}");
        assertProblem(r, 422, "idempotency-key-reused");
    }

    @Test
    void anUnknownPath_isAProblemToo() {
        Http.Response r = as("sales").get("/api/nothing-here");
        assertThat(r.status()).isIn(404, 405);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }
}
