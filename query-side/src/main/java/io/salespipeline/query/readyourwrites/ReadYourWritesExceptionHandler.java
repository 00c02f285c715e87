package io.salespipeline.query.readyourwrites;

import io.salespipeline.platform.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A {@code minPosition} not reached in time: 503, to be retried after a second. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReadYourWritesExceptionHandler {

    @ExceptionHandler(ReadModelsBehindException.class)
    ResponseEntity<ProblemDetail> behind(ReadModelsBehindException e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "read-models-behind", "Read models behind",
                e.getMessage());
        problem.setProperty("minPosition", e.position());
        problem.setProperty("projections", e.projections());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }
}
