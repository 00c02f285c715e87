package io.salespipeline.command.lead;

import io.salespipeline.events.*;
import io.salespipeline.events.commands.RecordFollowUp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.salespipeline.command.lead.Lead.FOLLOW_UP_DEADLINE;
import static io.salespipeline.command.lead.LeadHistory.inStage;
import static io.salespipeline.events.FollowUpOutcome.*;
import static io.salespipeline.events.Stage.*;

/** The "3x48" rhythm: each contact that leaves the lead in FOLLOW_UP sets the next one, and a deadline for it. */
class LeadRhythmTest extends LeadTestSupport {

    private static final Instant IN_48H = NOW.plus(Duration.ofHours(48));

    private static RecordFollowUp followUpDueAt(Instant nextDue, String reason) {
        return new RecordFollowUp(ID, ContactChannel.PHONE, NO_DECISION, null, null, nextDue, reason, null);
    }

    @Test
    void recordFollowUp_setsTheNextFollowUp_48hAfterTheContact_byDefault_withADeadline() {
        given(inStage(FOLLOW_UP))
                .when(recordFollowUp(NEGOTIATING))
                .expectEvents(followUpRecorded(NEGOTIATING))
                .expectScheduledDeadline(IN_48H, new FollowUpDeadline(IN_48H))
                .expectScheduledDeadlineWithName(IN_48H, FOLLOW_UP_DEADLINE);
    }

    @Test
    void recordFollowUp_setsTheNextFollowUp_atTheTimeItNames() {
        Instant due = NOW.plus(Duration.ofHours(30));
        given(inStage(FOLLOW_UP))
                .when(followUpDueAt(due, null))
                .expectEvents(new FollowUpRecorded(ID, ContactChannel.PHONE, NO_DECISION, null, null, due, null, NOW))
                .expectScheduledDeadline(due, new FollowUpDeadline(due));
    }

    @Test
    void recordFollowUp_acceptsALaterNextFollowUp_withAReason() {
        Instant afterHoliday = NOW.plus(Duration.ofDays(9));
        given(inStage(FOLLOW_UP))
                .when(followUpDueAt(afterHoliday, "the client is on holiday"))
                .expectEvents(new FollowUpRecorded(ID, ContactChannel.PHONE, NO_DECISION, null, null, afterHoliday,
                        "the client is on holiday", NOW))
                .expectScheduledDeadline(afterHoliday, new FollowUpDeadline(afterHoliday));
    }

    @Test
    void recordFollowUp_isRejected_whenTheNextFollowUpIsLaterThan48h_withoutAReason() {
        given(inStage(FOLLOW_UP))
                .when(followUpDueAt(IN_48H.plusSeconds(1), null))
                .expectNoEvents()
                .expectException(ruleViolation("FOLLOW_UP_TOO_LATE"));
    }

    @Test
    void recordFollowUp_isRejected_whenTheNextFollowUpIsNotAfterTheContact() {
        given(inStage(FOLLOW_UP))
                .when(followUpDueAt(NOW, null))
                .expectNoEvents()
                .expectException(ruleViolation("FOLLOW_UP_DUE_IN_PAST"));
    }

    @Test
    void theNextContact_cancelsTheRhythmDeadline_andSetsTheNextOne() {
        Instant first = NOW.plus(Duration.ofHours(10));
        given(inStage(FOLLOW_UP))
                .andGivenCommands(followUpDueAt(first, null))
                .when(recordFollowUp(NEGOTIATING))
                .expectNoScheduledDeadlineWithName(NOW, IN_48H.minusSeconds(1), FOLLOW_UP_DEADLINE)
                .expectScheduledDeadline(IN_48H, new FollowUpDeadline(IN_48H));
    }

    @Test
    void aPassedRhythmDueTime_whileStillInFollowUp_recordsFollowUpOverdue() {
        given(inStage(FOLLOW_UP))
                .andGivenCommands(recordFollowUp(NEGOTIATING))
                .whenTimeElapses(Duration.ofHours(49))
                .expectDeadlinesMet(new FollowUpDeadline(IN_48H))
                .expectEvents(new FollowUpOverdue(ID, IN_48H, IN_48H));
    }

    @Test
    void onlyTheLatestDueTime_isRecordedAsOverdue_theEarlierOneWasCancelledByTheNextContact() {
        Instant second = NOW.plus(Duration.ofHours(30));
        given(inStage(FOLLOW_UP))
                .andGivenCommands(recordFollowUp(NEGOTIATING), followUpDueAt(second, null))
                .whenTimeElapses(Duration.ofHours(49))
                .expectDeadlinesMet(new FollowUpDeadline(second))
                .expectEvents(new FollowUpOverdue(ID, second, second));
    }

    @Test
    void aContactThatParksTheLead_setsNoNextFollowUp_andSchedulesNothing() {
        given(inStage(OFFER_SENT).followUp(NO_DECISION).followUp(NO_ANSWER))
                .when(recordFollowUp(NO_ANSWER))
                .expectEvents(followUpParking(NO_ANSWER), new LeadMovedToLetThemBuy(ID, 3, NOW))
                .expectNoScheduledDeadlines();
    }

    @Test
    void theRhythmDeadline_doesNotFire_onceTheLeadIsWon() {
        given(inStage(FOLLOW_UP))
                .andGivenCommands(recordFollowUp(NEGOTIATING), markWon(null))
                .whenTimeElapses(Duration.ofHours(49))
                .expectDeadlinesMet()
                .expectNoEvents();
    }
}
