package io.salespipeline.query.lead;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.events.*;
import io.salespipeline.query.projection.Projection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Projects every lead event into the lead's view (everything captured about it). The lead's timeline and
 * its repeated facts (follow-ups, offer revisions, after-sales contacts, reopenings) are read from the event
 * log itself, and the lead's page is put together from both when read.
 * Survives replays and duplicate deliveries: an event at a sequence the view already has is skipped; an
 * event after a gap is refused (and parked in the dead-letter queue) rather than applied to a wrong state.
 */
@Component
@ProcessingGroup(LeadViewProjection.PROCESSING_GROUP)
public class LeadViewProjection implements Projection {

    public static final String PROCESSING_GROUP = "lead-views";

    private final LeadViewRepository repository;
    private final ObjectMapper objectMapper;

    public LeadViewProjection(LeadViewRepository repository, ObjectMapper objectMapper) {
        this.repository = repository;
        this.objectMapper = objectMapper;
    }

    @Override
    public String name() {
        return PROCESSING_GROUP;
    }

    @Override
    public Object handlerWritingTo(String suffix) {
        return new LeadViewProjection(repository.on(suffix), objectMapper);
    }

    @EventHandler
    void on(LeadEvent event, DomainEventMessage<?> message) {
        repository.event(() -> handle(event, message));
    }

    private void handle(LeadEvent event, DomainEventMessage<?> message) {
        long sequence = message.getSequenceNumber();
        Optional<LeadRow> existing = repository.current(event.leadId().toString());
        if (existing.isPresent() && existing.get().version() > sequence) {
            return; // seen before: a duplicate delivery or a token that was rolled back
        }
        if (existing.isEmpty() && !(event instanceof LeadRegistered)) {
            throw new IllegalStateException("event " + sequence + " of lead " + event.leadId() + " before its registration");
        }
        if (existing.isPresent() && existing.get().version() < sequence) {
            throw new IllegalStateException("lead " + event.leadId() + " is at event " + existing.get().version()
                    + " in the views, got event " + sequence);
        }
        LeadRow before = existing.orElse(null);
        Stage from = before == null ? null : before.stage();
        Stage to = StageMachine.stageAfter(from, event);
        LeadRow after = apply(before, event, from, to, sequence + 1);
        repository.save(after);
    }

    @ResetHandler
    void reset() {
        repository.deleteAll();
    }

    private LeadRow apply(LeadRow before, LeadEvent event, Stage from, Stage to, long version) {
        ObjectNode details = before == null ? objectMapper.createObjectNode() : before.details().deepCopy();
        String owner = before == null ? null : before.owner();
        String companyName = before == null ? null : before.companyName();
        int activeContacts = before == null ? 0 : before.activeContacts();
        Instant stageEnteredAt = before == null || from != to ? event.occurredAt() : before.stageEnteredAt();

        if (event instanceof LeadRegistered e) {
            details.set("company", objectMapper.valueToTree(e.company()));
            details.set("contact", objectMapper.valueToTree(e.contact()));
            details.put("source", e.source().name());
            details.put("priorContact", e.priorContact());
            details.put("notes", e.notes());
            details.put("registeredAt", e.occurredAt().toString());
            details.set("pipeline", objectMapper.valueToTree(e.pipelineOrDefault()));
            details.putNull("nextStep");
            owner = e.owner();
            companyName = e.company().name();
        } else if (event instanceof FirstContactRecorded e) {
            details.set("firstContact", data(e));
            nextStep(details, "next contact", e.nextContactAt());
        } else if (event instanceof LeadQualified e) {
            details.set("qualification", data(e));
        } else if (event instanceof LeadDisqualified e) {
            details.set("disqualification", data(e));
        } else if (event instanceof OfferPreparationStarted e) {
            details.set("offerPreparation", data(e));
            nextStep(details, "deliver the offer", e.promisedBy());
        } else if (event instanceof OfferSent e) {
            details.set("offer", data(e));
            nextStep(details, "follow up on the offer", e.followUpDueAt());
            activeContacts = 0;
        } else if (event instanceof OfferRevised e) {
            ObjectNode offer = details.with("offer");
            offer.set("value", objectMapper.valueToTree(e.value()));
            if (e.description() != null) {
                offer.put("description", e.description());
            }
        } else if (event instanceof FollowUpRecorded e) {
            if (e.outcome().isUndecided()) {
                activeContacts++;
            }
            // as on the board: a follow-up without a next step clears it
            if (e.nextStep() != null) {
                nextStep(details, e.nextStep().action(), e.nextStep().dueAt());
            } else {
                details.putNull("nextStep");
            }
        } else if (event instanceof LeadMovedToLetThemBuy e) {
            details.set("letThemBuy", data(e));
        } else if (event instanceof LeadWon e) {
            details.set("won", data(e));
        } else if (event instanceof LeadLost e) {
            details.set("lost", data(e));
        } else if (event instanceof AfterSalesStarted e) {
            details.set("afterSales", data(e));
            nextStep(details, e.purpose(), e.nextContactAt());
            owner = e.accountManager();
        } else if (event instanceof AfterSalesContactRecorded e) {
            nextStep(details, e.purpose(), e.nextContactAt());
        } else if (event instanceof LeadReopened e) {
            activeContacts = 0;
            if (e.offerPromisedBy() != null) {
                nextStep(details, "deliver the offer", e.offerPromisedBy());
            } else if (e.followUpDueAt() != null) {
                nextStep(details, "follow up on the offer", e.followUpDueAt());
            }
        } else if (event instanceof NextStepScheduled e) {
            nextStep(details, e.action(), e.dueAt());
        } else if (event instanceof LeadReassigned e) {
            owner = e.owner();
        } else if (event instanceof ContactDetailsUpdated e) {
            details.set("company", objectMapper.valueToTree(e.company()));
            details.set("contact", objectMapper.valueToTree(e.contact()));
            companyName = e.company().name();
        } else if (event instanceof OfferDeadlineMissed e) {
            details.with("offerPreparation").put("deadlineMissedAt", e.occurredAt().toString());
        } else if (event instanceof FollowUpOverdue e) {
            details.with("offer").put("followUpOverdueAt", e.occurredAt().toString());
        }
        details.put("owner", owner);
        return new LeadRow(event.leadId().toString(), version, to, owner,
                before == null ? ((LeadRegistered) event).source() : before.source(),
                before == null ? ((LeadRegistered) event).pipelineOrDefault().key() : before.pipelineKey(), companyName,
                before == null ? event.occurredAt() : before.registeredAt(), stageEnteredAt, event.occurredAt(),
                activeContacts, details);
    }

    private void nextStep(ObjectNode details, String action, Instant dueAt) {
        ObjectNode next = details.putObject("nextStep");
        next.put("action", action);
        next.put("dueAt", dueAt.toString());
    }

    /** The event's facts without the lead id, for the view and the timeline. */
    private ObjectNode data(LeadEvent event) {
        ObjectNode node = objectMapper.valueToTree(event);
        node.remove("leadId");
        return node;
    }
}
