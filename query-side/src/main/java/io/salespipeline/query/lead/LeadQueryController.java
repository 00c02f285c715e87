package io.salespipeline.query.lead;

import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.platform.web.Problems;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @GetMapping("/{id}")
    public ResponseEntity<Map<String, Object>> lead(@PathVariable UUID id, Authentication caller) {
        LeadRow row = visibleLead(id, caller);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("leadId", row.leadId());
        body.put("stage", row.stage());
        body.put("version", row.version());
        body.put("activeContacts", row.activeContacts());
        body.put("stageEnteredAt", row.stageEnteredAt());
        body.put("lastOccurredAt", row.lastOccurredAt());
        row.details().fields().forEachRemaining(f -> body.putIfAbsent(f.getKey(), f.getValue()));
        Map<String, List<ObjectNode>> repeated = repository.repeated(row.leadId());
        putList(body, "followUps", repeated.get("FollowUpRecorded"));
        putList(body, "afterSalesContacts", repeated.get("AfterSalesContactRecorded"));
        putList(body, "reopenings", repeated.get("LeadReopened"));
        List<ObjectNode> revisions = repeated.get("OfferRevised");
        if (revisions != null && body.get("offer") instanceof ObjectNode offer) {
            ObjectNode withRevisions = offer.deepCopy();
            withRevisions.putArray("revisions").addAll(revisions);
            body.put("offer", withRevisions);
        }
        return ResponseEntity.ok().eTag("\"" + row.version() + "\"").body(body);
    }

    @GetMapping("/{id}/history")
    public List<Map<String, Object>> history(@PathVariable UUID id, Authentication caller) {
        visibleLead(id, caller);
        return repository.history(id.toString()).stream().map(e -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("sequence", e.sequence());
            item.put("globalIndex", e.globalIndex());
            item.put("type", e.type());
            item.put("occurredAt", e.occurredAt());
            item.put("recordedAt", e.recordedAt());
            item.put("stageFrom", e.stageFrom());
            item.put("stageTo", e.stageTo());
            item.put("actor", e.actor());
            item.put("data", e.data());
            return item;
        }).toList();
    }

    private static void putList(Map<String, Object> body, String name, List<ObjectNode> items) {
        if (items != null) {
            body.put(name, items);
        }
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
