package io.salespipeline.command.api;

import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyApiTest extends CommandApiTest {

    private static final int REQUESTS = 20;

    @Test
    void twentyConflictingTransitions_oneWins_everyLoserGets409() throws Exception {
        String id = register("sales");
        List<Http.Response> responses = concurrently(i -> as("sales").post("/api/leads/" + id + "/first-contact",
                "{\"channel\": \"PHONE\", \"nextContactAt\": \"" + in(24) + "\", \"needs\": \"attempt " + i + "\"}"));
        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 200)
                .allSatisfy(r -> assertProblem(r, 409, "illegal-transition"));
        assertGapFree(id, 2);
    }

    @Test
    void twentyWritersExpectingTheSameVersion_oneWins_everyLoserGets412() throws Exception {
        String id = leadIn("CONTACTED", "sales");
        long version = sequenceNumbers(id).size();
        List<Http.Response> responses = concurrently(i -> as("sales").header("If-Match", "\"" + version + "\"")
                .post("/api/leads/" + id + "/next-step", "{\"action\": \"step " + i + "\", \"dueAt\": \"" + in(5) + "\"}"));
        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 200)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(409, 412))
                .allSatisfy(r -> assertThat(r.contentType()).startsWith("application/problem+json"));
        assertGapFree(id, version + 1);
    }

    @Test
    void twentyCompatibleCommandsAtOnce_allSucceed_inAGapFreeSequence() throws Exception {
        String id = leadIn("CONTACTED", "sales");
        long before = sequenceNumbers(id).size();
        List<Http.Response> responses = concurrently(i -> as("sales").post("/api/leads/" + id + "/next-step",
                "{\"action\": \"step " + i + "\", \"dueAt\": \"" + in(5) + "\"}"));
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(responses.stream().map(r -> r.json().get("version").asLong()).distinct()).hasSize(REQUESTS);
        assertGapFree(id, before + REQUESTS);
    }

    private void assertGapFree(String id, long expectedEvents) {
        assertThat(sequenceNumbers(id)).containsExactlyElementsOf(LongStream.range(0, expectedEvents).boxed().toList());
    }

    private static List<Http.Response> concurrently(IntFunction<Http.Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Http.Response>> futures = IntStream.range(0, REQUESTS).mapToObj(i -> pool.submit(() -> {
                start.await();
                return request.apply(i);
            })).toList();
            start.countDown();
            return futures.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        } finally {
            pool.shutdownNow();
        }
    }
}
