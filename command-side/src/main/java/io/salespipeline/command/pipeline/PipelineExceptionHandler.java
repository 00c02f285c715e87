package io.salespipeline.command.pipeline;

import io.salespipeline.platform.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A source claimed by two pipelines is a conflict with the definitions there are (409). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PipelineExceptionHandler {

    @ExceptionHandler(PipelineConflictException.class)
    ResponseEntity<ProblemDetail> sourceClaimed(PipelineConflictException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "source-claimed", "Source claimed", e.getMessage());
        problem.setProperty("source", e.source());
        problem.setProperty("claimedBy", e.claimedBy());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }
}
