package io.salespipeline.query.visits;

import io.salespipeline.events.*;
import io.salespipeline.query.projection.Projection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Records every lead's stage visits (stage changes as {@link StageMachine} derives them), the time-stamped
 * facts (value, next step, owner) that the board and the analytics read as of any instant, and the
 * follow-up rhythm. Survives replays and duplicates: an event at a sequence already recorded for its lead
 * is skipped; an event after a gap is refused.
 */
@Component
@ProcessingGroup(StageVisitProjection.PROCESSING_GROUP)
public class StageVisitProjection implements Projection {

    public static final String PROCESSING_GROUP = "stage-visits";

    private final StageVisitStore store;

    public StageVisitProjection(StageVisitStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return PROCESSING_GROUP;
    }

    @Override
    public Object handlerWritingTo(String suffix) {
        return new StageVisitProjection(new StageVisitStore(store.jdbc(), suffix));
    }

    @EventHandler
    void on(LeadEvent event, DomainEventMessage<?> message) {
        store.event(() -> handle(event, message));
    }

    private void handle(LeadEvent event, DomainEventMessage<?> message) {
        long sequence = message.getSequenceNumber();
        String leadId = event.leadId().toString();
        if (event instanceof LeadRegistered registered) {
            if (store.lead(leadId).isEmpty()) {
                register(registered, sequence);
            }
            return;
        }
        StageVisitStore.LeadState lead = store.lead(leadId)
                .orElseThrow(() -> new IllegalStateException("event " + sequence + " of lead " + leadId + " before its registration"));
        if (lead.version() > sequence) {
            return; // recorded before: a duplicate delivery or a replayed token
        }
        if (lead.version() < sequence) {
            throw new IllegalStateException("lead " + leadId + " is at event " + lead.version() + ", got event " + sequence);
        }
        apply(lead, event, sequence);
    }

    @ResetHandler
    void reset() {
        store.deleteAll();
    }

    private void register(LeadRegistered e, long sequence) {
        PipelineRef pipeline = e.pipelineOrDefault();
        StageVisitStore.LeadState lead = new StageVisitStore.LeadState(e.leadId().toString(), sequence + 1, e.source(),
                pipeline.key(), pipeline.version(), e.owner(), e.company().name(), e.occurredAt().toEpochMilli(),
                Stage.INQUIRY_RECEIVED, 0, null, null,
                new StageVisitStore.Board(e.occurredAt().toEpochMilli(), e.occurredAt(), null, null, null));
        store.insertLead(lead);
        store.openVisit(new StageVisitStore.Visit(lead.leadId(), 0, Stage.INQUIRY_RECEIVED, e.source(), pipeline.key(),
                e.owner(), e.occurredAt(), null, null, null, null, null, null, null));
        store.ownerFact(lead.leadId(), sequence, e.occurredAt(), e.owner());
    }

    private void apply(StageVisitStore.LeadState lead, LeadEvent event, long sequence) {
        String id = lead.leadId();
        Instant at = event.occurredAt();
        Money offer = lead.offer();
        Money estimate = lead.estimate();
        String owner = lead.owner();
        String company = lead.companyName();
        NextStep next = lead.board().nextAction() == null && lead.board().nextDueAt() == null ? null
                : new NextStep(lead.board().nextAction(), lead.board().nextDueAt());

        if (event instanceof FirstContactRecorded e) {
            next = nextStep("next contact", e.nextContactAt());
        } else if (event instanceof LeadQualified e) {
            estimate = e.estimatedValue();
        } else if (event instanceof OfferPreparationStarted e) {
            next = nextStep("deliver the offer", e.promisedBy());
        } else if (event instanceof OfferSent e) {
            offer = e.value();
            next = nextStep("follow up on the offer", e.followUpDueAt());
        } else if (event instanceof OfferRevised e) {
            offer = e.value();
        } else if (event instanceof FollowUpRecorded e) {
            // a follow-up without a next step clears it: the agreed contact happened and nothing new was agreed
            NextStep agreed = e.nextStep();
            next = nextStep(agreed == null ? null : agreed.action(), agreed == null ? null : agreed.dueAt());
            store.followUpCame(id, lead.visitNo(), at);
        } else if (event instanceof NextStepScheduled e) {
            next = nextStep(e.action(), e.dueAt());
        } else if (event instanceof AfterSalesStarted e) {
            owner = e.accountManager();
            store.ownerFact(id, sequence, at, owner);
            next = nextStep(e.purpose(), e.nextContactAt());
            store.afterSalesContactFact(id, sequence, at, e.purpose(), e.nextContactAt());
        } else if (event instanceof AfterSalesContactRecorded e) {
            next = nextStep(e.purpose(), e.nextContactAt());
            store.afterSalesContactFact(id, sequence, at, e.purpose(), e.nextContactAt());
        } else if (event instanceof LeadReopened e) {
            if (e.offerPromisedBy() != null) {
                next = nextStep("deliver the offer", e.offerPromisedBy());
            } else if (e.followUpDueAt() != null) {
                next = nextStep("follow up on the offer", e.followUpDueAt());
            }
        } else if (event instanceof LeadReassigned e) {
            owner = e.owner();
            store.ownerFact(id, sequence, at, owner);
        } else if (event instanceof ContactDetailsUpdated e) {
            company = e.company().name();
        }

        Stage stage = lead.stage();
        int visitNo = lead.visitNo();
        Instant enteredAt = lead.board().stageEnteredAt();
        Instant deadline = lead.board().deadline();
        Stage nextStage = StageMachine.stageAfter(stage, event);
        if (nextStage != stage) {
            store.closeVisit(id, visitNo, stage, enteredAt, at, nextStage, stage == Stage.FOLLOW_UP); // rhythm items: FOLLOW_UP visits only
            visitNo++;
            Money value = event instanceof LeadWon won ? won.finalValue() : offer != null ? offer : estimate;
            StageVisitStore.Visit visit = visit(id, visitNo, nextStage, lead, owner, event, value);
            store.openVisit(visit);
            stage = nextStage;
            enteredAt = at;
            deadline = visit.deadline();
        }
        if (event instanceof FollowUpRecorded e && e.nextFollowUpDueAt() != null) {
            store.followUpDue(lead, sequence, visitNo, at, e.nextFollowUpDueAt());
        }
        StageVisitStore.Board board = new StageVisitStore.Board(lead.board().fromMs(), enteredAt,
                next == null ? null : next.action(), next == null ? null : next.dueAt(), deadline);
        StageVisitStore.LeadState after = new StageVisitStore.LeadState(id, sequence + 1, lead.source(), lead.pipelineKey(),
                lead.pipelineVersion(), owner, company, lead.registeredMs(), stage, visitNo, offer, estimate, board);
        if (!onBoard(lead).equals(onBoard(after))) {
            // the board shows something else from now on: the state it showed until now is a closed period
            long from = Math.max(at.toEpochMilli(), lead.board().fromMs());
            if (from > lead.board().fromMs()) {
                store.boardPeriod(lead, from);
            }
            after = new StageVisitStore.LeadState(id, sequence + 1, lead.source(), lead.pipelineKey(),
                    lead.pipelineVersion(), owner, company, lead.registeredMs(), stage, visitNo, offer, estimate,
                    new StageVisitStore.Board(from, enteredAt, board.nextAction(), board.nextDueAt(), deadline));
        }
        store.updateLead(after);
    }

    /** What the board shows of a lead (besides its name and pipeline, which it reads from the lead). */
    private static List<Object> onBoard(StageVisitStore.LeadState lead) {
        StageVisitStore.Board b = lead.board();
        return Arrays.asList(lead.stage(), lead.owner(), lead.value(), b.stageEnteredAt(), b.nextAction(), b.nextDueAt(),
                b.deadline());
    }

    /**
     * The next step an event agreed (null when it cleared it: no due time). It is the lead's state
     * ({@code visit_lead.next_action}, {@code next_due_at}), which the board and the calendar read; no fact of it is
     * kept (they were two thirds of {@code lead_fact}'s rows and read only for the latest one, the state's).
     */
    private static NextStep nextStep(String action, Instant dueAt) {
        return dueAt == null ? null : new NextStep(action, dueAt);
    }

    private static StageVisitStore.Visit visit(String id, int visitNo, Stage stage, StageVisitStore.LeadState lead,
                                               String owner, LeadEvent event, Money value) {
        Instant deadline = null;
        String origin = null;
        String reason = null;
        String details = null;
        String competitor = null;
        Stage from = null;
        Money visitValue = null;
        if (event instanceof OfferPreparationStarted e) {
            deadline = e.promisedBy();
            origin = "OFFER_PREPARATION";
        } else if (event instanceof OfferSent e) {
            deadline = e.followUpDueAt();
            origin = "OFFER";
        } else if (event instanceof LeadReopened e && (e.offerPromisedBy() != null || e.followUpDueAt() != null)) {
            deadline = e.offerPromisedBy() != null ? e.offerPromisedBy() : e.followUpDueAt();
            origin = "REOPENING";
        } else if (event instanceof LeadLost e) {
            reason = e.reason().name();
            details = e.details();
            competitor = e.competitor();
            from = e.lostFromStage();
            visitValue = value;
        } else if (event instanceof LeadDisqualified e) {
            reason = e.reason().name();
            details = e.details();
            from = e.fromStage();
            visitValue = value;
        } else if (event instanceof LeadWon) {
            visitValue = value;
        }
        return new StageVisitStore.Visit(id, visitNo, stage, lead.source(), lead.pipelineKey(), owner, event.occurredAt(),
                deadline, origin, reason, details, competitor, from, visitValue);
    }
}
