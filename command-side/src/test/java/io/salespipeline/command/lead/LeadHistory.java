package io.salespipeline.command.lead;

import io.salespipeline.events.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.salespipeline.command.lead.LeadTestSupport.*;
import static io.salespipeline.events.FollowUpOutcome.*;
import static io.salespipeline.events.Stage.*;

/** The given events of a lead, one hour apart from {@link LeadTestSupport#START}, each stage-changing event tracked. */
final class LeadHistory {

    private final List<Object> events = new ArrayList<>();
    private Instant at = START.minus(Duration.ofHours(1));
    private Instant nextAt;
    private Stage stage;

    private LeadHistory() {
    }

    static LeadHistory registered() {
        return registered(OWNER);
    }

    static LeadHistory registered(String owner) {
        return registered(owner, null);
    }

    /** Registered into the pipeline version {@code pipeline} (null: the fixtures' default). */
    static LeadHistory registeredIn(PipelineRef pipeline) {
        return registered(OWNER, pipeline);
    }

    private static LeadHistory registered(String owner, PipelineRef pipeline) {
        LeadHistory history = new LeadHistory();
        Instant t = history.tick();
        return history.add(new LeadRegistered(ID, COMPANY, CONTACT, LeadSource.WEBSITE, false, owner, null,
                pipeline != null ? pipeline : DEFAULT_PIPELINE.ref(), t), INQUIRY_RECEIVED);
    }

    static LeadHistory inStage(Stage stage) {
        return switch (stage) {
            case INQUIRY_RECEIVED -> registered();
            case CONTACTED -> registered().contacted();
            case OFFER_PREPARATION -> registered().contacted().qualified().offerPreparationStarted();
            case OFFER_SENT -> inStage(OFFER_PREPARATION).offerSent();
            case FOLLOW_UP -> inStage(OFFER_SENT).followUp(NEGOTIATING);
            case LET_THEM_BUY -> inStage(OFFER_SENT).followUp(NO_DECISION).followUp(NO_ANSWER).followUpParking(NO_DECISION)
                    .movedToLetThemBuy(3);
            case WON -> inStage(FOLLOW_UP).won();
            case AFTER_SALES -> inStage(WON).afterSalesStarted();
            case LOST -> inStage(FOLLOW_UP).lost();
            case DISQUALIFIED -> inStage(CONTACTED).disqualified();
        };
    }

    LeadHistory contacted() {
        Instant t = tick();
        return add(new FirstContactRecorded(ID, ContactChannel.PHONE, List.of(), null, List.of(), null, null,
                t.plus(Duration.ofDays(1)), t), CONTACTED);
    }

    LeadHistory qualified() {
        return qualified(null);
    }

    LeadHistory qualified(Instant offerPromisedBy) {
        return add(new LeadQualified(ID, ESTIMATE, SERVICE, offerPromisedBy, tick()), null);
    }

    LeadHistory disqualified() {
        return add(new LeadDisqualified(ID, DisqualificationReason.NOT_A_FIT, null, stage, tick()), DISQUALIFIED);
    }

    LeadHistory offerPreparationStarted() {
        Instant t = tick();
        return add(new OfferPreparationStarted(ID, t.plus(Duration.ofHours(24)), t), OFFER_PREPARATION);
    }

    LeadHistory offerSent() {
        Instant t = tick();
        return add(new OfferSent(ID, OFFER, DESCRIPTION, t.plus(Duration.ofHours(48)), null, t), OFFER_SENT);
    }

    LeadHistory offerRevised(Money value) {
        return add(new OfferRevised(ID, value, "revised", tick()), null);
    }

    LeadHistory followUp(FollowUpOutcome outcome) {
        Instant t = tick();
        return add(new FollowUpRecorded(ID, ContactChannel.PHONE, outcome, null, null, t.plus(Duration.ofHours(48)), null, t),
                FOLLOW_UP);
    }

    /** A follow-up that parks the lead (it sets no next due time); {@link #movedToLetThemBuy} follows. */
    LeadHistory followUpParking(FollowUpOutcome outcome) {
        return add(new FollowUpRecorded(ID, ContactChannel.PHONE, outcome, null, null, null, null, tick()), FOLLOW_UP);
    }

    LeadHistory movedToLetThemBuy(int undecidedContacts) {
        return add(new LeadMovedToLetThemBuy(ID, undecidedContacts, at), LET_THEM_BUY);
    }

    LeadHistory won() {
        return add(new LeadWon(ID, OFFER, null, stage, tick()), WON);
    }

    LeadHistory afterSalesStarted() {
        Instant t = tick();
        return add(new AfterSalesStarted(ID, "carol", t.plus(Duration.ofDays(30)), "onboarding", OWNER, t), AFTER_SALES);
    }

    LeadHistory lost() {
        return add(new LeadLost(ID, LostReason.PRICE, null, null, stage, tick()), LOST);
    }

    LeadHistory reopened(Stage to) {
        Instant t = tick();
        return add(new LeadReopened(ID, "the client came back", stage, to,
                to == OFFER_PREPARATION ? t.plus(Duration.ofHours(24)) : null,
                to == OFFER_SENT ? t.plus(Duration.ofHours(48)) : null, t), to);
    }

    LeadHistory reassigned(String from, String to) {
        return add(new LeadReassigned(ID, from, to, tick()), null);
    }

    LeadHistory contactDetailsUpdated(Contact contact, Company company) {
        return add(new ContactDetailsUpdated(ID, contact, company, tick()), null);
    }

    LeadHistory nextAt(Instant time) {
        nextAt = time;
        return this;
    }

    List<Object> events() {
        return List.copyOf(events);
    }

    long version() {
        return events.size();
    }

    Stage stage() {
        return stage;
    }

    Instant lastAt() {
        return at;
    }

    private Instant tick() {
        at = nextAt != null ? nextAt : at.plus(Duration.ofHours(1));
        nextAt = null;
        return at;
    }

    private LeadHistory add(Object event, Stage newStage) {
        events.add(event);
        if (newStage != null) {
            stage = newStage;
        }
        return this;
    }
}
