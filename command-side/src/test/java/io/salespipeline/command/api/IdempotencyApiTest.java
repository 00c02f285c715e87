package io.salespipeline.command.api;

import io.salespipeline.platform.testing.Http;
import io.salespipeline.command.idempotency.IdempotencyStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyApiTest extends CommandApiTest {

    @Test
    void aRetryWithTheSameKey_recordsOneEvent_andAnswersTheFirstResponse() {
        String id = leadIn("OFFER_SENT", "sales");
        Http sales = as("sales").header("Idempotency-Key", UUID.randomUUID().toString());
        String body = "{\"channel\": \"PHONE\", \"outcome\": \"NO_DECISION\", \"notes\": \"call me next week\"}";
        Http.Response first = sales.post("/api/leads/" + id + "/follow-ups", body);
        Http.Response retry = sales.post("/api/leads/" + id + "/follow-ups", body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(eventTypes(id).stream().filter("FollowUpRecorded"::equals)).hasSize(1);
    }

    @Test
    void aRegistrationRetried_createsOneLead_andAnswers201WithTheSameLocation() {
        Http sales = as("sales").header("Idempotency-Key", UUID.randomUUID().toString());
        String body = """
                {"company": {"name": "Retry Corp"}, "contact": {"name": "R", "phone": "123"}, "source": "COLD_CALL"}""";
        Http.Response first = sales.post("/api/leads", body);
        Http.Response retry = sales.post("/api/leads", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        Integer leads = jdbc.queryForObject("select count(*) from domain_event_entry where payload_type like '%LeadRegistered' "
                + "and convert_from(payload, 'UTF8') like '%Retry Corp%'", Integer.class);
        assertThat(leads).isEqualTo(1);
    }

    @Test
    void concurrentRetriesWithTheSameKey_recordOneEvent() throws Exception {
        String id = leadIn("CONTACTED", "sales");
        Http sales = as("sales").header("Idempotency-Key", UUID.randomUUID().toString());
        String body = "{\"action\": \"send references\", \"dueAt\": \"" + in(6) + "\"}";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> sales.post("/api/leads/" + id + "/next-step", body), pool));
            }
            List<Http.Response> responses = calls.stream().map(CompletableFuture::join).toList();
            assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            assertThat(responses.stream().map(Http.Response::body).distinct()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(eventTypes(id).stream().filter("NextStepScheduled"::equals)).hasSize(1);
    }

    @Test
    void keysAreKeptPerUser() {
        String id = leadIn("CONTACTED", "sales");
        String key = UUID.randomUUID().toString();
        String body = "{\"action\": \"call\", \"dueAt\": \"" + in(6) + "\"}";
        ok(as("sales").header("Idempotency-Key", key).post("/api/leads/" + id + "/next-step", body));
        ok(as("manager").header("Idempotency-Key", key).post("/api/leads/" + id + "/next-step", body));
        assertThat(eventTypes(id).stream().filter("NextStepScheduled"::equals)).hasSize(2);
    }

    @Test
    void aFailedCommand_doesNotUseUpItsKey() {
        String id = leadIn("CONTACTED", "sales");
        Http sales = as("sales").header("Idempotency-Key", UUID.randomUUID().toString());
        String lost = "{\"reason\": \"PRICE\"}";
        ok(as("sales").post("/api/leads/" + id + "/lost", "{\"reason\": \"TIMING\"}"));
        assertProblem(sales.post("/api/leads/" + id + "/lost", lost), 409, "illegal-transition");
        ok(as("sales").post("/api/leads/" + id + "/reopening", "{\"reason\": \"back\"}"));
        assertThat(ok(sales.post("/api/leads/" + id + "/lost", lost)).get("stage").asText()).isEqualTo("LOST");
    }

    @Autowired
    IdempotencyStore store;

    @Test
    void recordsOlderThanTheRetention_areForgotten_newerOnesKept() {
        String id = register("sales");
        String recent = UUID.randomUUID().toString();
        ok(as("sales").header("Idempotency-Key", recent).post("/api/leads/" + id + "/next-step",
                "{\"action\": \"call\", \"dueAt\": \"" + in(6) + "\"}"));
        jdbc.update("insert into idempotency_record (principal, idempotency_key, request_hash, command, created_at) "
                + "values ('sales', 'ancient', 'x', 'y', ?)", java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(30))));
        store.forgetOlderThan(Instant.now().minus(Duration.ofDays(7)));
        assertThat(store.find("sales", "ancient")).isEmpty();
        assertThat(store.find("sales", recent)).isPresent();
    }
}
