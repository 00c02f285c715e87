package io.salespipeline.command.lead;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.salespipeline.command.pipeline.Pipelines;
import io.salespipeline.events.*;
import io.salespipeline.events.commands.*;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A lead on its way through the sales process. Command handlers decide (check the rule, then apply);
 * event-sourcing handlers only assign state. Which command a lead accepts in which stage is the table of
 * {@link StageMachine} (shared with the query side), asked with the options of the lead's pipeline version.
 */
@Aggregate(commandTargetResolver = "leadCommandTargetResolver", cache = "leadCache",
        snapshotTriggerDefinition = "leadSnapshotTrigger", snapshotFilter = "leadSnapshotFilter")
// a snapshot is the aggregate's fields as JSON; its revision is raised whenever they change shape, and
// snapshots of another revision are ignored (the lead is then loaded from its events)
@Revision(Lead.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE,
        creatorVisibility = JsonAutoDetect.Visibility.NONE)
public class Lead {

    /** The shape of the fields below, as snapshots store them: raise it with any change of the fields. */
    static final String SNAPSHOT_REVISION = "1";
    static final String OFFER_PROMISE_DEADLINE = "offer-promise";
    static final String FOLLOW_UP_DEADLINE = "follow-up";
    /** Command metadata: the version the client expects the lead at ({@code If-Match}). */
    public static final String EXPECTED_VERSION = "expectedVersion";

    @AggregateIdentifier
    private LeadId id;
    private long version;
    private Stage stage;
    private PipelineRef pipeline;
    private Instant lastOccurredAt;
    private String owner;
    private Company company;
    private Contact contact;
    private boolean qualified;
    private Instant qualifiedOfferPromisedBy;
    private Instant offerPromisedBy;
    private Money offerValue;
    private boolean offerSent;
    private Instant followUpDueAt;
    private int undecidedContacts;
    private Stage stageBeforeParking;

    protected Lead() {
        // for Axon
    }

    @CommandHandler
    public Lead(RegisterLead cmd, CommandMessage<RegisterLead> message, LeadPolicy policy) {
        CommandLimits.check(cmd);
        CommandLimits.checkActor(Actor.from(message.getMetaData()));
        require(cmd.leadId() != null, "leadId", "leadId is required");
        require(cmd.company() != null && notBlank(cmd.company().name()), "company.name", "company name is required");
        require(cmd.contact() != null && notBlank(cmd.contact().name()), "contact.name", "contact name is required");
        require(notBlank(cmd.contact().email()) || notBlank(cmd.contact().phone()), "contact",
                "an email or a phone number is required to reach the contact");
        require(cmd.source() != null, "source", "source is required");
        require(notBlank(cmd.owner()), "owner", "owner is required");
        Pipelines pipelines = policy.pipelines();
        PipelineDefinition definition = cmd.pipeline() == null || cmd.pipeline().isBlank() ? pipelines.serving(cmd.source())
                : pipelines.current(cmd.pipeline()).orElseThrow(() -> new InvalidCommandException("pipeline",
                "no pipeline '" + cmd.pipeline() + "' is defined"));
        Actor actor = Actor.from(message.getMetaData());
        if (actor != null && actor.isRestrictedToOwnLeads() && !actor.user().equals(cmd.owner())) {
            throw new LeadAccessDeniedException("a sales rep registers leads for themselves only");
        }
        Instant at = businessTime(cmd.occurredAt(), null, policy);
        apply(new LeadRegistered(cmd.leadId(), cmd.company(), cmd.contact(), cmd.source(), cmd.priorContact(),
                cmd.owner(), cmd.notes(), definition.ref(), at));
    }

    /**
     * Runs before every command on an existing lead: who may act, the bounds of every value
     * ({@link CommandLimits}), the version the client expects, the stage machine and the business-time
     * rules; answers the lead's state after the command.
     */
    @CommandHandlerInterceptor
    public Object checkAndAnswer(CommandMessage<?> message, InterceptorChain chain, LeadPolicy policy) throws Exception {
        Actor actor = Actor.from(message.getMetaData());
        if (actor != null && actor.isRestrictedToOwnLeads() && !actor.user().equals(owner)) {
            throw new LeadAccessDeniedException("lead " + id + " belongs to another sales rep");
        }
        CommandLimits.check(message.getPayload());
        CommandLimits.checkActor(actor);
        Object expected = message.getMetaData().get(EXPECTED_VERSION);
        if (expected != null && Long.parseLong(expected.toString()) != version) {
            throw new VersionMismatchException(Long.parseLong(expected.toString()), version);
        }
        StageMachine.Situation situation = new StageMachine.Situation(stage, qualified, definition(policy).stageSet());
        Class<?> commandType = message.getPayloadType();
        if (!StageMachine.allows(commandType, situation)) {
            String name = commandType.getSimpleName();
            List<String> allowed = StageMachine.allowedCommands(situation);
            throw new IllegalTransitionException(stage, name, allowed, StageMachine.missingCondition(commandType, situation)
                    .map(needs -> name + " needs " + needs + "; allowed for this lead in " + stage + ": " + allowed)
                    .orElse(name + " is not allowed for a lead in stage " + stage + "; allowed: " + allowed));
        }
        if (message.getPayload() instanceof LeadCommand command) {
            businessTime(command.occurredAt(), lastOccurredAt, policy);
        }
        chain.proceed();
        return new LeadCommandResult(id, version, stage);
    }

    @CommandHandler
    public void handle(RecordFirstContact cmd, LeadPolicy policy) {
        require(cmd.channel() != null, "channel", "channel is required");
        require(cmd.nextContactAt() != null, "nextContactAt", "nextContactAt is required: the client always knows what happens next");
        Instant at = time(cmd, policy);
        rule(!cmd.nextContactAt().isBefore(at), "NEXT_CONTACT_IN_PAST", "nextContactAt must not be before the contact itself");
        apply(new FirstContactRecorded(id, cmd.channel(), listOrEmpty(cmd.decisionMakers()), cmd.needs(),
                listOrEmpty(cmd.competitors()), cmd.decisionExpectedBy(), cmd.estimatedBudget(), cmd.nextContactAt(), at));
    }

    @CommandHandler
    public void handle(QualifyLead cmd, LeadPolicy policy) {
        require(cmd.estimatedValue() != null, "estimatedValue", "estimatedValue is required");
        require(notBlank(cmd.proposedService()), "proposedService", "proposedService is required");
        Instant at = time(cmd, policy);
        rule(cmd.offerPromisedBy() == null || cmd.offerPromisedBy().isAfter(at), "OFFER_PROMISE_IN_PAST",
                "offerPromisedBy must be after the qualification");
        apply(new LeadQualified(id, cmd.estimatedValue(), cmd.proposedService(), cmd.offerPromisedBy(), at));
    }

    @CommandHandler
    public void handle(DisqualifyLead cmd, LeadPolicy policy) {
        require(cmd.reason() != null, "reason", "reason is required");
        require(cmd.reason() != DisqualificationReason.OTHER || notBlank(cmd.details()), "details",
                "details are required when the reason is OTHER");
        apply(new LeadDisqualified(id, cmd.reason(), cmd.details(), stage, time(cmd, policy)));
    }

    @CommandHandler
    public void handle(StartOfferPreparation cmd, LeadPolicy policy, DeadlineManager deadlines, LeadDeadlines scheduled) {
        Instant at = time(cmd, policy);
        // the qualification's promise holds for the first preparation after it, and only while it lies ahead
        Instant promisedBy = cmd.promisedBy() != null ? cmd.promisedBy()
                : qualifiedOfferPromisedBy != null && qualifiedOfferPromisedBy.isAfter(at) ? qualifiedOfferPromisedBy
                : at.plus(rules(policy).offerPromise());
        rule(cmd.promisedBy() == null || cmd.promisedBy().isAfter(at), "OFFER_PROMISE_IN_PAST",
                "promisedBy must be after the start of the offer preparation");
        apply(new OfferPreparationStarted(id, promisedBy, at));
        scheduleUnlessPast(deadlines, scheduled, policy, promisedBy, OFFER_PROMISE_DEADLINE, new OfferPromiseDeadline(promisedBy));
    }

    @CommandHandler
    public void handle(SendOffer cmd, LeadPolicy policy, DeadlineManager deadlines, LeadDeadlines scheduled) {
        require(cmd.value() != null, "value", "value is required");
        require(notBlank(cmd.description()), "description", "description is required");
        Instant at = time(cmd, policy);
        Instant dueAt = followUpDue(cmd.followUpDueAt(), cmd.followUpDelayReason(), at, rules(policy), "followUpDueAt",
                "the offer is sent");
        scheduled.cancel(deadlines, id, OFFER_PROMISE_DEADLINE);
        apply(new OfferSent(id, cmd.value(), cmd.description(), dueAt, cmd.followUpDelayReason(), at));
        scheduleUnlessPast(deadlines, scheduled, policy, dueAt, FOLLOW_UP_DEADLINE, new FollowUpDeadline(dueAt));
    }

    @CommandHandler
    public void handle(ReviseOffer cmd, LeadPolicy policy) {
        require(cmd.value() != null, "value", "value is required");
        apply(new OfferRevised(id, cmd.value(), cmd.description(), time(cmd, policy)));
    }

    @CommandHandler
    public void handle(RecordFollowUp cmd, LeadPolicy policy, DeadlineManager deadlines, LeadDeadlines scheduled) {
        require(cmd.channel() != null, "channel", "channel is required");
        require(cmd.outcome() != null, "outcome", "outcome is required");
        NextStep next = cmd.nextStep();
        require(next == null || (notBlank(next.action()) && next.dueAt() != null), "nextStep",
                "nextStep needs both an action and a dueAt");
        Instant at = time(cmd, policy);
        rule(next == null || !next.dueAt().isBefore(at), "NEXT_STEP_IN_PAST", "nextStep.dueAt must not be before the follow-up");
        PipelineDefinition definition = definition(policy);
        int undecided = undecidedContacts + (cmd.outcome().isUndecided() ? 1 : 0);
        boolean parks = cmd.outcome().isUndecided() && definition.uses(Stage.LET_THEM_BUY)
                && undecided >= definition.rules().undecidedContactsToLetThemBuy();
        // the "3x48" rhythm: a contact that leaves the lead in FOLLOW_UP sets when the next one is due
        Instant nextDue = parks ? null : followUpDue(cmd.nextFollowUpDueAt(), cmd.followUpDelayReason(), at,
                definition.rules(), "nextFollowUpDueAt", "the contact");
        scheduled.cancel(deadlines, id, FOLLOW_UP_DEADLINE);
        apply(new FollowUpRecorded(id, cmd.channel(), cmd.outcome(), cmd.notes(), next, nextDue,
                parks ? null : cmd.followUpDelayReason(), at));
        if (parks) {
            apply(new LeadMovedToLetThemBuy(id, undecided, at));
        } else {
            scheduleUnlessPast(deadlines, scheduled, policy, nextDue, FOLLOW_UP_DEADLINE, new FollowUpDeadline(nextDue));
        }
    }

    @CommandHandler
    public void handle(MarkWon cmd, LeadPolicy policy, DeadlineManager deadlines, LeadDeadlines scheduled) {
        Money finalValue = cmd.finalValue() != null ? cmd.finalValue() : offerValue;
        scheduled.cancel(deadlines, id, FOLLOW_UP_DEADLINE);
        apply(new LeadWon(id, finalValue, cmd.notes(), stage, time(cmd, policy)));
    }

    @CommandHandler
    public void handle(MarkLost cmd, LeadPolicy policy, DeadlineManager deadlines, LeadDeadlines scheduled) {
        require(cmd.reason() != null, "reason", "reason is required: no loss without a reason");
        require(!cmd.reason().requiresDetails() || notBlank(cmd.details()), "details",
                "details are required when the reason is OTHER");
        Instant at = time(cmd, policy);
        scheduled.cancel(deadlines, id, OFFER_PROMISE_DEADLINE);
        scheduled.cancel(deadlines, id, FOLLOW_UP_DEADLINE);
        apply(new LeadLost(id, cmd.reason(), cmd.details(), cmd.competitor(), stage, at));
    }

    @CommandHandler
    public void handle(StartAfterSales cmd, LeadPolicy policy) {
        require(notBlank(cmd.accountManager()), "accountManager", "accountManager is required");
        require(cmd.nextContactAt() != null, "nextContactAt", "nextContactAt is required");
        require(notBlank(cmd.purpose()), "purpose", "purpose is required");
        Instant at = time(cmd, policy);
        rule(!cmd.nextContactAt().isBefore(at), "NEXT_CONTACT_IN_PAST", "nextContactAt must not be before the handover");
        apply(new AfterSalesStarted(id, cmd.accountManager().trim(), cmd.nextContactAt(), cmd.purpose(), owner, at));
    }

    @CommandHandler
    public void handle(RecordAfterSalesContact cmd, LeadPolicy policy) {
        require(cmd.channel() != null, "channel", "channel is required");
        require(cmd.nextContactAt() != null, "nextContactAt", "nextContactAt is required: each after-sales contact plans the next");
        require(notBlank(cmd.purpose()), "purpose", "purpose is required");
        Instant at = time(cmd, policy);
        rule(!cmd.nextContactAt().isBefore(at), "NEXT_CONTACT_IN_PAST", "nextContactAt must not be before the contact");
        apply(new AfterSalesContactRecorded(id, cmd.channel(), cmd.notes(), cmd.nextContactAt(), cmd.purpose(), at));
    }

    @CommandHandler
    public void handle(ReopenLead cmd, LeadPolicy policy, DeadlineManager deadlines, LeadDeadlines scheduled) {
        require(notBlank(cmd.reason()), "reason", "reason is required");
        PipelineDefinition definition = definition(policy);
        Stage target = cmd.stage() != null ? cmd.stage() : stageBeforeParking;
        require(StageMachine.REOPEN_TARGETS.contains(target) && definition.uses(target), "stage",
                "a lead reopens into one of " + StageMachine.REOPEN_TARGETS + " that its pipeline uses");
        rule(target != Stage.OFFER_PREPARATION || qualified, "REOPEN_NEEDS_QUALIFICATION",
                "only a qualified lead can reopen into OFFER_PREPARATION");
        rule(!(target == Stage.OFFER_SENT || target == Stage.FOLLOW_UP) || offerSent, "REOPEN_NEEDS_OFFER",
                "only a lead that was sent an offer can reopen into " + target);
        Instant at = time(cmd, policy);
        // back in an offer stage the clock starts again: a fresh promise or follow-up due, never an old one
        Instant promise = target == Stage.OFFER_PREPARATION ? at.plus(definition.rules().offerPromise()) : null;
        Instant followUp = target == Stage.OFFER_SENT ? at.plus(definition.rules().followUpWindow()) : null;
        apply(new LeadReopened(id, cmd.reason(), stage, target, promise, followUp, at));
        if (promise != null) {
            scheduleUnlessPast(deadlines, scheduled, policy, promise, OFFER_PROMISE_DEADLINE, new OfferPromiseDeadline(promise));
        }
        if (followUp != null) {
            scheduleUnlessPast(deadlines, scheduled, policy, followUp, FOLLOW_UP_DEADLINE, new FollowUpDeadline(followUp));
        }
    }

    @CommandHandler
    public void handle(ScheduleNextStep cmd, LeadPolicy policy) {
        require(notBlank(cmd.action()), "action", "action is required");
        require(cmd.dueAt() != null, "dueAt", "dueAt is required");
        Instant at = time(cmd, policy);
        rule(!cmd.dueAt().isBefore(at), "NEXT_STEP_IN_PAST", "dueAt must not be before the time the step is agreed");
        apply(new NextStepScheduled(id, cmd.action(), cmd.dueAt(), at));
    }

    @CommandHandler
    public void handle(ReassignLead cmd, LeadPolicy policy) {
        require(notBlank(cmd.owner()), "owner", "owner is required");
        if (!cmd.owner().equals(owner)) {
            apply(new LeadReassigned(id, owner, cmd.owner(), time(cmd, policy)));
        }
    }

    @CommandHandler
    public void handle(UpdateContactDetails cmd, LeadPolicy policy) {
        require(cmd.contact() != null || cmd.company() != null, "contact", "contact or company details are required");
        Contact newContact = contact.merge(cmd.contact());
        Company newCompany = company.merge(cmd.company());
        require(notBlank(newContact.name()), "contact.name", "contact name must not be blank");
        require(notBlank(newContact.email()) || notBlank(newContact.phone()), "contact",
                "an email or a phone number is required to reach the contact");
        require(notBlank(newCompany.name()), "company.name", "company name must not be blank");
        if (!newContact.equals(contact) || !newCompany.equals(company)) {
            apply(new ContactDetailsUpdated(id, newContact, newCompany, time(cmd, policy)));
        }
    }

    @DeadlineHandler(deadlineName = OFFER_PROMISE_DEADLINE)
    public void onOfferPromiseDue(OfferPromiseDeadline deadline) {
        if (stage == Stage.OFFER_PREPARATION && deadline.promisedBy().equals(offerPromisedBy)) {
            apply(new OfferDeadlineMissed(id, deadline.promisedBy(), latest(deadline.promisedBy())));
        }
    }

    @DeadlineHandler(deadlineName = FOLLOW_UP_DEADLINE)
    public void onFollowUpDue(FollowUpDeadline deadline) {
        if ((stage == Stage.OFFER_SENT || stage == Stage.FOLLOW_UP) && deadline.dueAt().equals(followUpDueAt)) {
            apply(new FollowUpOverdue(id, deadline.dueAt(), latest(deadline.dueAt())));
        }
    }

    // --- event sourcing: assign state only -------------------------------------------------------

    @EventSourcingHandler
    void on(LeadRegistered e) {
        id = e.leadId();
        stage = Stage.INQUIRY_RECEIVED;
        pipeline = e.pipelineOrDefault();
        owner = e.owner();
        company = e.company();
        contact = e.contact();
        touch(e);
    }

    @EventSourcingHandler
    void on(FirstContactRecorded e) {
        stage = Stage.CONTACTED;
        touch(e);
    }

    @EventSourcingHandler
    void on(LeadQualified e) {
        qualified = true;
        qualifiedOfferPromisedBy = e.offerPromisedBy();
        touch(e);
    }

    @EventSourcingHandler
    void on(LeadDisqualified e) {
        stageBeforeParking = e.fromStage();
        stage = Stage.DISQUALIFIED;
        touch(e);
    }

    @EventSourcingHandler
    void on(OfferPreparationStarted e) {
        stage = Stage.OFFER_PREPARATION;
        offerPromisedBy = e.promisedBy();
        qualifiedOfferPromisedBy = null;
        touch(e);
    }

    @EventSourcingHandler
    void on(OfferSent e) {
        stage = Stage.OFFER_SENT;
        offerSent = true;
        offerValue = e.value();
        followUpDueAt = e.followUpDueAt();
        undecidedContacts = 0;
        touch(e);
    }

    @EventSourcingHandler
    void on(OfferRevised e) {
        offerValue = e.value();
        touch(e);
    }

    @EventSourcingHandler
    void on(FollowUpRecorded e) {
        stage = Stage.FOLLOW_UP;
        followUpDueAt = e.nextFollowUpDueAt();
        if (e.outcome().isUndecided()) {
            undecidedContacts++;
        }
        touch(e);
    }

    @EventSourcingHandler
    void on(LeadMovedToLetThemBuy e) {
        stageBeforeParking = stage;
        stage = Stage.LET_THEM_BUY;
        touch(e);
    }

    @EventSourcingHandler
    void on(LeadWon e) {
        stage = Stage.WON;
        touch(e);
    }

    @EventSourcingHandler
    void on(LeadLost e) {
        if (e.lostFromStage() != Stage.LET_THEM_BUY) {
            stageBeforeParking = e.lostFromStage();
        }
        stage = Stage.LOST;
        touch(e);
    }

    @EventSourcingHandler
    void on(AfterSalesStarted e) {
        stage = Stage.AFTER_SALES;
        owner = e.accountManager();
        touch(e);
    }

    @EventSourcingHandler
    void on(AfterSalesContactRecorded e) {
        touch(e);
    }

    @EventSourcingHandler
    void on(LeadReopened e) {
        stage = e.toStage();
        undecidedContacts = 0;
        offerPromisedBy = e.offerPromisedBy();
        followUpDueAt = e.followUpDueAt();
        qualifiedOfferPromisedBy = null;
        touch(e);
    }

    @EventSourcingHandler
    void on(NextStepScheduled e) {
        touch(e);
    }

    @EventSourcingHandler
    void on(LeadReassigned e) {
        owner = e.owner();
        touch(e);
    }

    @EventSourcingHandler
    void on(ContactDetailsUpdated e) {
        contact = e.contact();
        company = e.company();
        touch(e);
    }

    /*
     * Deadline alerts are the system's observation, not a reported business fact: they do not move the
     * lead's last business time, so history that a sales app syncs late (an offer sent before the promise,
     * recorded after the alert fired) is still accepted and judged by its own time.
     */
    @EventSourcingHandler
    void on(OfferDeadlineMissed e) {
        version++;
    }

    @EventSourcingHandler
    void on(FollowUpOverdue e) {
        version++;
    }

    private void touch(LeadEvent e) {
        version++;
        lastOccurredAt = e.occurredAt();
    }

    // --- helpers ---------------------------------------------------------------------------------

    /**
     * The business time of a command: the reported one (not before the lead's last event, not in the
     * future beyond the allowed clock skew), or now, never earlier than the lead's last event.
     */
    private static Instant businessTime(Instant reported, Instant last, LeadPolicy policy) {
        Instant now = policy.now();
        if (reported == null) {
            return last != null && last.isAfter(now) ? last : now;
        }
        if (reported.isAfter(now.plus(policy.rules().clockSkew()))) {
            throw new BusinessRuleViolationException("OCCURRED_AT_IN_FUTURE",
                    "occurredAt " + reported + " is in the future (server time " + now + ")");
        }
        if (last != null && reported.isBefore(last)) {
            throw new BusinessRuleViolationException("OCCURRED_AT_BEFORE_LAST_EVENT",
                    "occurredAt " + reported + " is before the lead's last event at " + last);
        }
        return reported;
    }

    private Instant time(LeadCommand cmd, LeadPolicy policy) {
        return businessTime(cmd.occurredAt(), lastOccurredAt, policy);
    }

    private PipelineDefinition definition(LeadPolicy policy) {
        return policy.pipelines().version(pipeline);
    }

    private PipelineRules rules(LeadPolicy policy) {
        return definition(policy).rules();
    }

    /**
     * A follow-up due time: the one asked for, else the pipeline's window after {@code at}; after {@code at},
     * and later than the window only with a reason (the client's holiday).
     */
    private static Instant followUpDue(Instant requested, String reason, Instant at, PipelineRules rules, String field,
                                       String what) {
        Instant latestWithoutReason = at.plus(rules.followUpWindow());
        Instant dueAt = requested != null ? requested : latestWithoutReason;
        rule(dueAt.isAfter(at), "FOLLOW_UP_DUE_IN_PAST", field + " must be after " + what);
        rule(!dueAt.isAfter(latestWithoutReason) || notBlank(reason), "FOLLOW_UP_TOO_LATE",
                "a follow-up later than " + rules.followUpWindow().toHours() + " h after " + what
                        + " needs a followUpDelayReason");
        return dueAt;
    }

    private Instant latest(Instant due) {
        return lastOccurredAt != null && lastOccurredAt.isAfter(due) ? lastOccurredAt : due;
    }

    /** Deadlines already past when set (history sent late) are not scheduled: business times judge those. */
    private void scheduleUnlessPast(DeadlineManager deadlines, LeadDeadlines scheduled, LeadPolicy policy, Instant due,
                                    String name, Object payload) {
        if (due.isAfter(policy.now())) {
            scheduled.schedule(deadlines, id, name, due, payload);
        }
    }

    private static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new InvalidCommandException(field, message);
        }
    }

    private static void rule(boolean condition, String rule, String message) {
        if (!condition) {
            throw new BusinessRuleViolationException(rule, message);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static List<String> listOrEmpty(List<String> list) {
        return list != null ? List.copyOf(list) : List.of();
    }
}
