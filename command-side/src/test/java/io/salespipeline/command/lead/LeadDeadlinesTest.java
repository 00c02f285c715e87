package io.salespipeline.command.lead;

import io.salespipeline.events.*;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.salespipeline.command.lead.Lead.FOLLOW_UP_DEADLINE;
import static io.salespipeline.command.lead.Lead.OFFER_PROMISE_DEADLINE;
import static io.salespipeline.command.lead.LeadHistory.inStage;
import static io.salespipeline.command.lead.LeadHistory.registered;
import static io.salespipeline.events.FollowUpOutcome.NEGOTIATING;
import static io.salespipeline.events.Stage.*;

class LeadDeadlinesTest extends LeadTestSupport {

    private static final Instant IN_24H = NOW.plus(Duration.ofHours(24));
    private static final Instant IN_48H = NOW.plus(Duration.ofHours(48));
    private static final Instant FAR_FUTURE = NOW.plus(Duration.ofDays(365));

    @Test
    void startOfferPreparation_schedulesTheOfferPromise_24hAfterItStarts_byDefault() {
        given(registered().contacted().qualified())
                .when(startOfferPreparation())
                .expectEvents(new OfferPreparationStarted(ID, IN_24H, NOW))
                .expectScheduledDeadlineWithName(IN_24H, OFFER_PROMISE_DEADLINE)
                .expectScheduledDeadline(IN_24H, new OfferPromiseDeadline(IN_24H));
    }

    @Test
    void startOfferPreparation_schedulesTheOfferPromise_24hAfterTheReportedOccurredAt() {
        Instant startedAt = NOW.minus(Duration.ofHours(1));
        Instant promisedBy = startedAt.plus(Duration.ofHours(24));
        given(registered().contacted().qualified())
                .when(startOfferPreparation(null, startedAt))
                .expectEvents(new OfferPreparationStarted(ID, promisedBy, startedAt))
                .expectScheduledDeadlineWithName(promisedBy, OFFER_PROMISE_DEADLINE);
    }

    @Test
    void startOfferPreparation_schedulesTheOfferPromise_atTheTimePromisedInTheQualification() {
        Instant promisedBy = NOW.plus(Duration.ofHours(6));
        given(registered().contacted().qualified(promisedBy))
                .when(startOfferPreparation())
                .expectEvents(new OfferPreparationStarted(ID, promisedBy, NOW))
                .expectScheduledDeadlineWithName(promisedBy, OFFER_PROMISE_DEADLINE);
    }

    @Test
    void startOfferPreparation_schedulesTheOfferPromise_atThePromisedByItNames() {
        Instant promisedBy = NOW.plus(Duration.ofHours(3));
        given(registered().contacted().qualified(NOW.plus(Duration.ofHours(6))))
                .when(startOfferPreparation(promisedBy, null))
                .expectEvents(new OfferPreparationStarted(ID, promisedBy, NOW))
                .expectScheduledDeadlineWithName(promisedBy, OFFER_PROMISE_DEADLINE);
    }

    @Test
    void startOfferPreparation_doesNotScheduleAnOfferPromiseThatIsAlreadyPast() {
        LeadHistory history = registered().contacted().qualified();
        Instant startedAt = history.lastAt().plus(Duration.ofHours(1));
        given(history)
                .when(startOfferPreparation(null, startedAt))
                .expectEvents(new OfferPreparationStarted(ID, startedAt.plus(Duration.ofHours(24)), startedAt))
                .expectNoScheduledDeadlines();
    }

    @Test
    void startOfferPreparation_isRejected_whenThePromisedTimeIsNotAfterTheStart() {
        given(registered().contacted().qualified())
                .when(startOfferPreparation(NOW, null))
                .expectNoEvents()
                .expectException(ruleViolation("OFFER_PROMISE_IN_PAST"));
    }

    @Test
    void sendOffer_cancelsTheOfferPromise_andSchedulesTheFollowUp_48hAfterSending_byDefault() {
        given(registered().contacted().qualified())
                .andGivenCommands(startOfferPreparation())
                .when(sendOffer())
                .expectEvents(new OfferSent(ID, OFFER, DESCRIPTION, IN_48H, null, NOW))
                .expectScheduledDeadline(IN_48H, new FollowUpDeadline(IN_48H))
                .expectScheduledDeadlineWithName(IN_48H, FOLLOW_UP_DEADLINE)
                .expectNoScheduledDeadlineWithName(NOW, FAR_FUTURE, OFFER_PROMISE_DEADLINE);
    }

    @Test
    void sendOffer_schedulesTheFollowUp_atTheDueTimeItNames() {
        Instant dueAt = NOW.plus(Duration.ofHours(20));
        given(inStage(OFFER_PREPARATION))
                .when(sendOffer(dueAt, null, null))
                .expectEvents(new OfferSent(ID, OFFER, DESCRIPTION, dueAt, null, NOW))
                .expectScheduledDeadlineWithName(dueAt, FOLLOW_UP_DEADLINE);
    }

    @Test
    void sendOffer_doesNotScheduleAFollowUpThatIsAlreadyPast() {
        LeadHistory history = inStage(OFFER_PREPARATION);
        Instant sentAt = history.lastAt().plus(Duration.ofHours(1));
        Instant dueAt = NOW.minus(Duration.ofHours(1));
        given(history)
                .when(sendOffer(dueAt, null, sentAt))
                .expectEvents(new OfferSent(ID, OFFER, DESCRIPTION, dueAt, null, sentAt))
                .expectNoScheduledDeadlines();
    }

    @Test
    void sendOffer_isRejected_whenTheFollowUpIsDueLaterThan48h_withoutAReason() {
        given(inStage(OFFER_PREPARATION))
                .when(sendOffer(IN_48H.plusSeconds(1), null, null))
                .expectNoEvents()
                .expectException(ruleViolation("FOLLOW_UP_TOO_LATE"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void sendOffer_acceptsAFollowUpDueLaterThan48h_withAReason() {
        Instant afterHoliday = NOW.plus(Duration.ofDays(10));
        given(inStage(OFFER_PREPARATION))
                .when(sendOffer(afterHoliday, "the client is on holiday", null))
                .expectEvents(new OfferSent(ID, OFFER, DESCRIPTION, afterHoliday, "the client is on holiday", NOW))
                .expectScheduledDeadlineWithName(afterHoliday, FOLLOW_UP_DEADLINE);
    }

    @Test
    void sendOffer_followsTheConfiguredFollowUpWindow() {
        fixture = fixtureWith(rulesWithFollowUpWindow(Duration.ofHours(24)));
        given(inStage(OFFER_PREPARATION))
                .when(sendOffer(IN_24H.plusSeconds(1), null, null))
                .expectException(ruleViolation("FOLLOW_UP_TOO_LATE"));
    }

    @Test
    void recordFollowUp_cancelsTheOffersFollowUpDeadline_andSchedulesTheNextOne() {
        Instant offerDue = NOW.plus(Duration.ofHours(20));
        given(inStage(OFFER_PREPARATION))
                .andGivenCommands(sendOffer(offerDue, null, null))
                .when(recordFollowUp(NEGOTIATING))
                .expectEvents(followUpRecorded(NEGOTIATING))
                .expectNoScheduledDeadlineWithName(NOW, IN_48H.minusSeconds(1), FOLLOW_UP_DEADLINE)
                .expectScheduledDeadline(IN_48H, new FollowUpDeadline(IN_48H));
    }

    @Test
    void offerPromise_passingWhileStillInOfferPreparation_recordsOfferDeadlineMissed() {
        given(registered().contacted().qualified())
                .andGivenCommands(startOfferPreparation())
                .whenTimeElapses(Duration.ofHours(25))
                .expectDeadlinesMet(new OfferPromiseDeadline(IN_24H))
                .expectEvents(new OfferDeadlineMissed(ID, IN_24H, IN_24H));
    }

    @Test
    void offerPromise_doesNotFire_onceTheOfferIsSent() {
        given(registered().contacted().qualified())
                .andGivenCommands(startOfferPreparation(), sendOffer())
                .whenTimeElapses(Duration.ofHours(25))
                .expectDeadlinesMet()
                .expectNoEvents();
    }

    @Test
    void offerPromise_doesNotFire_onceTheLeadIsLost() {
        given(registered().contacted().qualified())
                .andGivenCommands(startOfferPreparation(), markLost(LostReason.NO_BUDGET, null))
                .whenTimeElapses(Duration.ofHours(25))
                .expectDeadlinesMet()
                .expectNoEvents();
    }

    @Test
    void followUpDeadline_passingWhileStillInOfferSent_recordsFollowUpOverdue() {
        given(inStage(OFFER_PREPARATION))
                .andGivenCommands(sendOffer())
                .whenTimeElapses(Duration.ofHours(49))
                .expectDeadlinesMet(new FollowUpDeadline(IN_48H))
                .expectEvents(new FollowUpOverdue(ID, IN_48H, IN_48H));
    }

    @Test
    void followUpDeadline_ofTheOffer_doesNotFire_afterTheFirstFollowUp() {
        given(inStage(OFFER_PREPARATION))
                .andGivenCommands(sendOffer(NOW.plus(Duration.ofHours(20)), null, null), recordFollowUp(NEGOTIATING))
                .whenTimeElapses(Duration.ofHours(21))
                .expectDeadlinesMet()
                .expectNoEvents();
    }

    // --- a reopening re-arms the deadlines of the stage it returns to -------------------------------

    @Test
    void reopenLead_intoOfferPreparation_promisesAFreshOffer_andSchedulesItsDeadline() {
        given(registered().contacted().qualified(START.plus(Duration.ofHours(20))).offerPreparationStarted().lost())
                .when(reopenLead(OFFER_PREPARATION))
                .expectEvents(leadReopened(LOST, OFFER_PREPARATION))
                .expectScheduledDeadline(IN_24H, new OfferPromiseDeadline(IN_24H));
    }

    @Test
    void reopenLead_intoOfferPreparation_recordsTheMissedFreshPromise_notTheOldOne() {
        given(registered().contacted().qualified().offerPreparationStarted().lost())
                .andGivenCommands(reopenLead(OFFER_PREPARATION))
                .whenTimeElapses(Duration.ofHours(25))
                .expectDeadlinesMet(new OfferPromiseDeadline(IN_24H))
                .expectEvents(new OfferDeadlineMissed(ID, IN_24H, IN_24H));
    }

    @Test
    void reopenLead_intoOfferSent_setsAFollowUpDue_andSchedulesItsDeadline() {
        given(inStage(LOST))
                .when(reopenLead(OFFER_SENT))
                .expectEvents(leadReopened(LOST, OFFER_SENT))
                .expectScheduledDeadline(IN_48H, new FollowUpDeadline(IN_48H));
    }

    @Test
    void reopenLead_intoOfferSent_recordsFollowUpOverdue_whenNobodyFollowsUp() {
        given(inStage(LOST))
                .andGivenCommands(reopenLead(OFFER_SENT))
                .whenTimeElapses(Duration.ofHours(49))
                .expectDeadlinesMet(new FollowUpDeadline(IN_48H))
                .expectEvents(new FollowUpOverdue(ID, IN_48H, IN_48H));
    }

    @Test
    void startOfferPreparation_afterAReopening_doesNotReuseTheQualificationsOldPromise() {
        Instant oldPromise = START.plus(Duration.ofHours(10));
        given(registered().contacted().qualified(oldPromise).lost().reopened(CONTACTED))
                .when(startOfferPreparation())
                .expectEvents(new OfferPreparationStarted(ID, IN_24H, NOW))
                .expectScheduledDeadline(IN_24H, new OfferPromiseDeadline(IN_24H));
    }

    @Test
    void startOfferPreparation_afterAReopening_doesNotReuseAPromiseThatWasKept() {
        Instant promise = NOW.plus(Duration.ofHours(6));
        given(registered().contacted().qualified(promise).offerPreparationStarted().lost().reopened(CONTACTED))
                .when(startOfferPreparation())
                .expectEvents(new OfferPreparationStarted(ID, IN_24H, NOW));
    }

    @Test
    void followUpDeadline_doesNotFire_onceTheLeadIsWon() {
        given(inStage(OFFER_PREPARATION))
                .andGivenCommands(sendOffer(), markWon(null))
                .whenTimeElapses(Duration.ofHours(49))
                .expectDeadlinesMet()
                .expectNoEvents();
    }
}
