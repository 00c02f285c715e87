package io.salespipeline.command.lead.http;

import io.salespipeline.command.idempotency.IdempotencyKeyReusedException;
import io.salespipeline.command.lead.BusinessRuleViolationException;
import io.salespipeline.command.lead.IllegalTransitionException;
import io.salespipeline.command.lead.InvalidCommandException;
import io.salespipeline.command.lead.LeadAccessDeniedException;
import io.salespipeline.command.lead.VersionMismatchException;
import io.salespipeline.platform.web.ApiExceptionHandler;
import io.salespipeline.platform.web.DatabaseFailures;
import io.salespipeline.platform.web.Problems;
import io.salespipeline.platform.web.ServerFailures;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;
import java.util.Map;

/**
 * The lead's own refusals as problem+json: 400 invalid command, 403 not your lead, 404 unknown lead,
 * 409 illegal transition or concurrent change, 412 version mismatch, 422 broken business rule. Spring
 * matches the cause of a wrapping exception too (e.g. Axon's {@code CommandExecutionException}).
 * An event store that cannot be reached is not a conflict: 503 (see {@link ServerFailures}).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class LeadCommandExceptionHandler {

    private final ServerFailures failures;

    public LeadCommandExceptionHandler(ServerFailures failures) {
        this.failures = failures;
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ResponseEntity<ProblemDetail> illegalTransition(IllegalTransitionException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "illegal-transition", "Illegal transition", e.getMessage());
        problem.setProperty("stage", e.stage());
        problem.setProperty("command", e.command());
        problem.setProperty("allowedCommands", e.allowedCommands());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(BusinessRuleViolationException.class)
    ResponseEntity<ProblemDetail> ruleViolated(BusinessRuleViolationException e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "business-rule", "Business rule violated",
                e.getMessage());
        problem.setProperty("rule", e.rule());
        return ResponseEntity.unprocessableEntity().body(problem);
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                "Idempotency-Key reused", e.getMessage());
        problem.setProperty("rule", "IDEMPOTENCY_KEY_REUSED");
        return ResponseEntity.unprocessableEntity().body(problem);
    }

    @ExceptionHandler(InvalidCommandException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidCommandException e) {
        return ResponseEntity.badRequest().body(ApiExceptionHandler.invalidInput(e.getMessage(),
                List.of(Map.of("field", e.field(), "message", e.getMessage()))));
    }

    @ExceptionHandler(LeadAccessDeniedException.class)
    ResponseEntity<ProblemDetail> notYours(LeadAccessDeniedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage()));
    }

    @ExceptionHandler(VersionMismatchException.class)
    ResponseEntity<ProblemDetail> versionMismatch(VersionMismatchException e) {
        ProblemDetail problem = Problems.of(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Version mismatch",
                e.getMessage());
        problem.setProperty("expectedVersion", e.expected());
        problem.setProperty("currentVersion", e.actual());
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).eTag("\"" + e.actual() + "\"").body(problem);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> unknownLead(AggregateNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, "unknown-lead",
                "Unknown lead", "no lead with id " + e.getAggregateIdentifier()));
    }

    /** A registration with a lead id that is taken (by an earlier or a concurrent registration). */
    @ExceptionHandler(AggregateStreamCreationException.class)
    ResponseEntity<ProblemDetail> leadExists(AggregateStreamCreationException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(HttpStatus.CONFLICT, "lead-exists",
                "Lead exists", "a lead with this id already exists"));
    }

    /**
     * Two writers appended to the same lead at once (on different instances): the unique key on
     * (lead, sequence) let one win. Axon reports that as a {@link ConcurrencyException}.
     */
    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrentChange(ConcurrencyException e) {
        return conflict();
    }

    /**
     * The event store failed. Only a unique-key violation on (lead, sequence) is a concurrent change; an
     * unreachable database is a 503, anything else a 500.
     */
    @ExceptionHandler(EventStoreException.class)
    ResponseEntity<ProblemDetail> eventStoreFailed(EventStoreException e) {
        return DatabaseFailures.isDuplicateKey(e) && !DatabaseFailures.isUnavailable(e) ? conflict() : failures.answer(e);
    }

    @ExceptionHandler(CommandQueue.QueueTimeoutException.class)
    ResponseEntity<ProblemDetail> busy(CommandQueue.QueueTimeoutException e) {
        ResponseEntity<ProblemDetail> unavailable = failures.unavailable();
        unavailable.getBody().setDetail(e.getMessage());
        return unavailable;
    }

    private static ResponseEntity<ProblemDetail> conflict() {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(HttpStatus.CONFLICT, "concurrent-change",
                "Concurrent change", "the lead was changed by another request at the same time; "
                        + "read it again and retry"));
    }
}
