package io.salespipeline.platform.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * What the API answers for a failure that is not the client's: {@code 503} with {@code Retry-After} when
 * the database is unreachable (logged in one line: it is an outage, not a bug), {@code 500} otherwise
 * (logged with its stack trace). Neither tells the client anything about the internals.
 */
@Component
public class ServerFailures {

    private static final Logger log = LoggerFactory.getLogger(ServerFailures.class);

    private final HttpProperties http;
    private final DatabaseProbe database;

    public ServerFailures(HttpProperties http, DatabaseProbe database) {
        this.http = http;
        this.database = database;
    }

    /**
     * 503 when the cause chain says the database could not be reached, or when it does not say but the
     * database is not reachable now (a driver's or pool's own error on a connection that just broke);
     * 500 otherwise.
     */
    public ResponseEntity<ProblemDetail> answer(Throwable failure) {
        if (DatabaseFailures.isUnavailable(failure)) {
            log.warn("Database unavailable, answering 503: {}", rootMessage(failure));
            return unavailable();
        }
        if (!database.isReachable()) {
            log.warn("Failed while the database is unreachable, answering 503: {}", rootMessage(failure));
            return unavailable();
        }
        log.error("Unexpected error", failure);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error", "Internal error", "the server failed to handle the request; it has been logged"));
    }

    public ResponseEntity<ProblemDetail> unavailable() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(http.retryAfterSeconds()))
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
                        "the database is not reachable; retry after Retry-After seconds. A command whose connection "
                                + "broke while it ran may have been recorded: retry it with the same Idempotency-Key"));
    }

    public long retryAfterSeconds() {
        return http.retryAfterSeconds();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        for (int i = 0; i < 64 && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        return failure.getClass().getSimpleName() + (root != failure ? " <- " + root : ": " + failure.getMessage());
    }
}
