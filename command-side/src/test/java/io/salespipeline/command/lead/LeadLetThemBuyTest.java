package io.salespipeline.command.lead;

import io.salespipeline.events.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.salespipeline.command.lead.LeadHistory.inStage;
import static io.salespipeline.events.FollowUpOutcome.*;
import static io.salespipeline.events.Stage.*;

class LeadLetThemBuyTest extends LeadTestSupport {

    @Test
    void recordFollowUp_movesTheLeadToLetThemBuy_onTheThirdUndecidedContactAfterTheOffer() {
        LeadHistory history = inStage(OFFER_SENT).followUp(NO_DECISION).followUp(NO_ANSWER);
        given(history)
                .when(recordFollowUp(NO_ANSWER))
                .expectEvents(followUpParking(NO_ANSWER), new LeadMovedToLetThemBuy(ID, 3, NOW))
                .expectResultMessagePayload(result(history.version() + 2, LET_THEM_BUY));
    }

    @Test
    void recordFollowUp_keepsTheLeadInFollowUp_afterTwoUndecidedContacts() {
        LeadHistory history = inStage(OFFER_SENT).followUp(NO_DECISION);
        given(history)
                .when(recordFollowUp(NO_ANSWER))
                .expectEvents(followUpRecorded(NO_ANSWER))
                .expectResultMessagePayload(result(history.version() + 1, FOLLOW_UP));
    }

    @ParameterizedTest
    @EnumSource(names = {"NEGOTIATING", "CHANGES_REQUESTED", "POSITIVE"})
    void recordFollowUp_doesNotCountAContactThatIsNotUndecided(FollowUpOutcome outcome) {
        given(inStage(OFFER_SENT).followUp(NO_DECISION).followUp(NO_ANSWER))
                .when(recordFollowUp(outcome))
                .expectEvents(followUpRecorded(outcome));
    }

    @Test
    void recordFollowUp_countsUndecidedContacts_acrossNegotiatingOnes() {
        given(inStage(OFFER_SENT).followUp(NO_DECISION).followUp(NEGOTIATING).followUp(NO_ANSWER))
                .when(recordFollowUp(NO_DECISION))
                .expectEvents(followUpParking(NO_DECISION), new LeadMovedToLetThemBuy(ID, 3, NOW));
    }

    @Test
    void recordFollowUp_countsAfresh_afterANewOffer() {
        given(inStage(OFFER_SENT).followUp(NO_DECISION).followUp(NO_ANSWER).lost().reopened(OFFER_PREPARATION)
                .offerSent().followUp(NO_DECISION))
                .when(recordFollowUp(NO_ANSWER))
                .expectEvents(followUpRecorded(NO_ANSWER));
    }

    @Test
    void recordFollowUp_countsAfresh_afterAReopening() {
        given(inStage(OFFER_SENT).followUp(NO_DECISION).followUp(NO_ANSWER).lost().reopened(FOLLOW_UP))
                .when(recordFollowUp(NO_DECISION))
                .expectEvents(followUpRecorded(NO_DECISION));
    }

    @Test
    void recordFollowUp_needsThreeNewUndecidedContacts_afterReopeningFromLetThemBuy() {
        given(inStage(LET_THEM_BUY).reopened(FOLLOW_UP).followUp(NO_ANSWER).followUp(NO_ANSWER))
                .when(recordFollowUp(NO_DECISION))
                .expectEvents(followUpParking(NO_DECISION), new LeadMovedToLetThemBuy(ID, 3, NOW));
    }

    @Test
    void recordFollowUp_movesTheLeadToLetThemBuy_atAConfiguredThreshold() {
        fixture = fixtureWith(rulesWithUndecidedContacts(2));
        LeadHistory history = inStage(OFFER_SENT).followUp(NO_ANSWER);
        given(history)
                .when(recordFollowUp(NO_DECISION))
                .expectEvents(followUpParking(NO_DECISION), new LeadMovedToLetThemBuy(ID, 2, NOW))
                .expectResultMessagePayload(result(history.version() + 2, LET_THEM_BUY));
    }

    @Test
    void letThemBuy_canStillBeWon_atTheOfferValue() {
        given(inStage(LET_THEM_BUY))
                .when(markWon(null))
                .expectEvents(new LeadWon(ID, OFFER, null, LET_THEM_BUY, NOW))
                .expectResultMessagePayload(result(inStage(LET_THEM_BUY).version() + 1, WON));
    }

    @Test
    void letThemBuy_canStillBeLost() {
        given(inStage(LET_THEM_BUY))
                .when(markLost(LostReason.NO_DECISION, null))
                .expectEvents(new LeadLost(ID, LostReason.NO_DECISION, null, null, LET_THEM_BUY, NOW));
    }

    @Test
    void letThemBuy_reopens_backToFollowUp_byDefault() {
        given(inStage(LET_THEM_BUY))
                .when(reopenLead(null))
                .expectEvents(leadReopened(LET_THEM_BUY, FOLLOW_UP))
                .expectResultMessagePayload(result(inStage(LET_THEM_BUY).version() + 1, FOLLOW_UP));
    }

    @Test
    void aLeadLostFromLetThemBuy_reopens_backToFollowUp_byDefault() {
        given(inStage(LET_THEM_BUY).lost())
                .when(reopenLead(null))
                .expectEvents(leadReopened(LOST, FOLLOW_UP));
    }
}
