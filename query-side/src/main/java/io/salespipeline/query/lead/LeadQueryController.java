package io.salespipeline.query.lead;

import io.salespipeline.platform.web.ApiAnswers;
import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import io.salespipeline.query.web.Callers;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/** One lead as the query side knows it, and its timeline. A sales rep sees only their own leads. */
@RestController
@ReadsFrom(LeadViewProjection.PROCESSING_GROUP)
@RequestMapping("/api/leads")
public class LeadQueryController {

    private final LeadViewRepository repository;

    public LeadQueryController(LeadViewRepository repository) {
        this.repository = repository;
    }

    @ApiAnswers(headers = "ETag", problems = 404)
    @GetMapping("/{id}")
    public ResponseEntity<LeadDetails> lead(@PathVariable UUID id, Authentication caller) {
        LeadRow row = visibleLead(id, caller);
        return ResponseEntity.ok().eTag("\"" + row.version() + "\"").body(repository.details(row));
    }

    @ApiAnswers(problems = 404)
    @GetMapping("/{id}/history")
    public List<LeadHistoryEntry> history(@PathVariable UUID id, Authentication caller) {
        visibleLead(id, caller);
        return repository.history(id.toString());
    }

    private LeadRow visibleLead(UUID id, Authentication caller) {
        LeadRow row = repository.find(id.toString()).orElseThrow(() -> new UnknownLeadException(id));
        String restrictedTo = Callers.restrictedOwner(caller);
        if (restrictedTo != null && !restrictedTo.equals(row.owner())) {
            throw new UnknownLeadException(id); // another rep's lead: not found, as far as this rep can tell
        }
        return row;
    }

    @ExceptionHandler(UnknownLeadException.class)
    ResponseEntity<ProblemDetail> unknown(UnknownLeadException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.of(HttpStatus.NOT_FOUND, "unknown-lead", "Unknown lead", e.getMessage()));
    }

    static class UnknownLeadException extends RuntimeException {
        UnknownLeadException(UUID id) {
            super("no lead with id " + id);
        }
    }
}
