package io.salespipeline.command.lead;

import io.salespipeline.events.*;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.salespipeline.command.lead.LeadHistory.inStage;
import static io.salespipeline.events.FollowUpOutcome.NEGOTIATING;
import static io.salespipeline.events.Stage.*;

class LeadBusinessTimeTest extends LeadTestSupport {

    private static final FollowUpRecorded FOLLOW_UP_NOW = followUpRecorded(NEGOTIATING);

    @Test
    void command_happensNow_whenItReportsNoOccurredAt() {
        given(inStage(OFFER_SENT))
                .when(recordFollowUp(NEGOTIATING))
                .expectEvents(FOLLOW_UP_NOW);
    }

    @Test
    void command_keepsTheOccurredAtItReports_forHistorySentLate() {
        LeadHistory history = inStage(OFFER_SENT);
        Instant reported = history.lastAt().plus(Duration.ofHours(2));
        given(history)
                .when(recordFollowUp(NEGOTIATING, reported))
                .expectEvents(followUpRecorded(NEGOTIATING, reported));
    }

    @Test
    void command_isRejected_whenOccurredAtIsBeforeTheLeadsLastEvent() {
        LeadHistory history = inStage(OFFER_SENT);
        given(history)
                .when(recordFollowUp(NEGOTIATING, history.lastAt().minusSeconds(1)))
                .expectNoEvents()
                .expectException(ruleViolation("OCCURRED_AT_BEFORE_LAST_EVENT"));
    }

    @Test
    void command_isAccepted_whenOccurredAtEqualsTheLeadsLastEvent() {
        LeadHistory history = inStage(OFFER_SENT);
        given(history)
                .when(recordFollowUp(NEGOTIATING, history.lastAt()))
                .expectEvents(followUpRecorded(NEGOTIATING, history.lastAt()));
    }

    @Test
    void command_isRejected_whenOccurredAtIsInTheFutureBeyondTheClockSkew() {
        given(inStage(OFFER_SENT))
                .when(recordFollowUp(NEGOTIATING, NOW.plus(Duration.ofMinutes(5)).plusSeconds(1)))
                .expectNoEvents()
                .expectException(ruleViolation("OCCURRED_AT_IN_FUTURE"));
    }

    @Test
    void command_isAccepted_whenOccurredAtIsInTheFutureWithinTheClockSkew() {
        Instant skewed = NOW.plus(Duration.ofMinutes(5));
        given(inStage(OFFER_SENT))
                .when(recordFollowUp(NEGOTIATING, skewed))
                .expectEvents(followUpRecorded(NEGOTIATING, skewed));
    }

    @Test
    void command_withoutOccurredAt_isNotDatedBeforeTheLeadsLastEvent() {
        Instant skewed = NOW.plus(Duration.ofMinutes(3));
        given(inStage(OFFER_PREPARATION).nextAt(skewed).offerSent())
                .when(recordFollowUp(NEGOTIATING))
                .expectEvents(followUpRecorded(NEGOTIATING, skewed));
    }

    @Test
    void registerLead_isRejected_whenOccurredAtIsInTheFutureBeyondTheClockSkew() {
        givenNoLead()
                .when(registerLead(OWNER, NOW.plus(Duration.ofMinutes(6))))
                .expectNoEvents()
                .expectException(ruleViolation("OCCURRED_AT_IN_FUTURE"));
    }

    @Test
    void registerLead_keepsAPastOccurredAt_forImportedHistory() {
        Instant imported = Instant.parse("2025-11-03T08:15:00Z");
        givenNoLead()
                .when(registerLead(OWNER, imported))
                .expectEvents(leadRegistered(OWNER, imported));
    }

    @Test
    void aDeadlineAlert_doesNotBlockHistorySyncedLate() {
        LeadHistory history = inStage(OFFER_PREPARATION);
        Instant promisedBy = history.lastAt().plus(Duration.ofHours(24));
        Instant sentInTime = promisedBy.minus(Duration.ofHours(1));
        given(history)
                .andGiven(new OfferDeadlineMissed(ID, promisedBy, promisedBy))
                .when(sendOffer(null, null, sentInTime))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OfferSent(ID, OFFER, DESCRIPTION, sentInTime.plus(Duration.ofHours(48)), null, sentInTime));
    }
}
