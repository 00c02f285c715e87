package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.platform.testing.TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both sides in one process on this run's PostgreSQL database, over real HTTP. Subclasses share one
 * Spring context; tests that need numbers over the whole database (scripted histories) use their own.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"postgres", "apitest"})
abstract class StandaloneTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    Http as(String user) {
        return Http.on(port).as(user);
    }

    /** Waits until the lead views show the lead at {@code version} (they follow the log asynchronously). */
    static JsonNode awaitVersion(Http http, String id, long version) {
        return await(() -> http.get("/api/leads/" + id),
                r -> r.status() == 200 && r.json().get("version").asLong() >= version).json();
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done) {
        return await(probe, done, java.time.Duration.ofSeconds(20));
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done, java.time.Duration max) {
        Instant until = Instant.now().plus(max);
        T value = probe.get();
        while (!done.test(value) && Instant.now().isBefore(until)) {
            sleep(50);
            value = probe.get();
        }
        assertThat(done.test(value)).as("condition not met: %s", value).isTrue();
        return value;
    }

    /** The column of {@code stage} in a board ({@code GET /api/pipeline}). */
    static JsonNode stage(JsonNode board, String stage) {
        for (JsonNode s : board.get("stages")) {
            if (s.get("stage").asText().equals(stage)) {
                return s;
            }
        }
        throw new AssertionError("no column " + stage + " in " + board);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
