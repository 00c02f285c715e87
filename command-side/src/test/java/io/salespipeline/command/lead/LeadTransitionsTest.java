package io.salespipeline.command.lead;

import io.salespipeline.events.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static io.salespipeline.command.lead.LeadHistory.inStage;
import static io.salespipeline.command.lead.LeadHistory.registered;
import static io.salespipeline.events.Stage.*;
import static org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE;

class LeadTransitionsTest extends LeadTestSupport {

    @Test
    void registerLead_entersInquiryReceived() {
        givenNoLead()
                .when(registerLead(OWNER))
                .expectEvents(leadRegistered(OWNER, NOW));
    }

    @Test
    void recordFirstContact_movesInquiryReceivedToContacted() {
        given(inStage(INQUIRY_RECEIVED))
                .when(recordFirstContact())
                .expectEvents(new FirstContactRecorded(ID, ContactChannel.MEETING, List.of("Jan Kowalski", "Anna Nowak"),
                        "a CRM", List.of("Globex"), LocalDate.of(2026, 4, 15), ESTIMATE, NEXT_CONTACT, NOW))
                .expectResultMessagePayload(result(2, CONTACTED));
    }

    @Test
    void qualifyLead_keepsTheLeadContacted() {
        given(inStage(CONTACTED))
                .when(qualifyLead())
                .expectEvents(new LeadQualified(ID, ESTIMATE, SERVICE, null, NOW))
                .expectResultMessagePayload(result(3, CONTACTED));
    }

    @ParameterizedTest
    @EnumSource(names = {"INQUIRY_RECEIVED", "CONTACTED"})
    void disqualifyLead_closesTheLead_recordingTheStageItLeft(Stage stage) {
        LeadHistory history = inStage(stage);
        given(history)
                .when(disqualifyLead(DisqualificationReason.BUDGET_TOO_LOW, null))
                .expectEvents(new LeadDisqualified(ID, DisqualificationReason.BUDGET_TOO_LOW, null, stage, NOW))
                .expectResultMessagePayload(result(history.version() + 1, DISQUALIFIED));
    }

    @Test
    void startOfferPreparation_movesAQualifiedLeadToOfferPreparation() {
        given(registered().contacted().qualified())
                .when(startOfferPreparation())
                .expectEvents(new OfferPreparationStarted(ID, NOW.plus(Duration.ofHours(24)), NOW))
                .expectResultMessagePayload(result(4, OFFER_PREPARATION));
    }

    @Test
    void sendOffer_movesOfferPreparationToOfferSent() {
        given(inStage(OFFER_PREPARATION))
                .when(sendOffer())
                .expectEvents(new OfferSent(ID, OFFER, DESCRIPTION, NOW.plus(Duration.ofHours(48)), null, NOW))
                .expectResultMessagePayload(result(5, OFFER_SENT));
    }

    @ParameterizedTest
    @EnumSource(names = {"OFFER_SENT", "FOLLOW_UP"})
    void reviseOffer_keepsTheStage(Stage stage) {
        LeadHistory history = inStage(stage);
        Money revised = Money.of("10800.00", "PLN");
        given(history)
                .when(reviseOffer(revised))
                .expectEvents(new OfferRevised(ID, revised, "10% off", NOW))
                .expectResultMessagePayload(result(history.version() + 1, stage));
    }

    @ParameterizedTest
    @EnumSource(names = {"OFFER_SENT", "FOLLOW_UP"})
    void recordFollowUp_movesTheLeadToFollowUp(Stage stage) {
        LeadHistory history = inStage(stage);
        given(history)
                .when(recordFollowUp(FollowUpOutcome.CHANGES_REQUESTED))
                .expectEvents(followUpRecorded(FollowUpOutcome.CHANGES_REQUESTED))
                .expectResultMessagePayload(result(history.version() + 1, FOLLOW_UP));
    }

    @ParameterizedTest
    @EnumSource(names = {"OFFER_SENT", "FOLLOW_UP", "LET_THEM_BUY"})
    void markWon_recordsTheStageItWasWonFrom(Stage stage) {
        LeadHistory history = inStage(stage);
        Money finalValue = Money.of("11500.00", "PLN");
        given(history)
                .when(markWon(finalValue))
                .expectEvents(new LeadWon(ID, finalValue, null, stage, NOW))
                .expectResultMessagePayload(result(history.version() + 1, WON));
    }

    @ParameterizedTest
    @EnumSource(names = {"INQUIRY_RECEIVED", "CONTACTED", "OFFER_PREPARATION", "OFFER_SENT", "FOLLOW_UP", "LET_THEM_BUY"})
    void markLost_isAllowedInEveryOpenStage_recordingTheStageItWasLostFrom(Stage stage) {
        LeadHistory history = inStage(stage);
        given(history)
                .when(markLost(LostReason.COMPETITOR, null))
                .expectEvents(new LeadLost(ID, LostReason.COMPETITOR, null, null, stage, NOW))
                .expectResultMessagePayload(result(history.version() + 1, LOST));
    }

    @Test
    void startAfterSales_followsAWin() {
        given(inStage(WON))
                .when(startAfterSales())
                .expectEvents(new AfterSalesStarted(ID, "carol", NOW.plus(Duration.ofDays(30)), "onboarding", OWNER, NOW))
                .expectResultMessagePayload(result(inStage(WON).version() + 1, AFTER_SALES));
    }

    @ParameterizedTest
    @CsvSource({"LOST, FOLLOW_UP", "DISQUALIFIED, CONTACTED", "LET_THEM_BUY, FOLLOW_UP"})
    void reopenLead_returnsToTheStageItLeft_byDefault(Stage stage, Stage expectedTarget) {
        LeadHistory history = inStage(stage);
        given(history)
                .when(reopenLead(null))
                .expectEvents(leadReopened(stage, expectedTarget))
                .expectResultMessagePayload(result(history.version() + 1, expectedTarget));
    }

    @ParameterizedTest
    @EnumSource(names = {"INQUIRY_RECEIVED", "CONTACTED", "OFFER_PREPARATION", "OFFER_SENT", "FOLLOW_UP"})
    void reopenLead_returnsALostLeadToTheOpenStageItNames(Stage target) {
        LeadHistory history = inStage(LOST);
        given(history)
                .when(reopenLead(target))
                .expectEvents(leadReopened(LOST, target))
                .expectResultMessagePayload(result(history.version() + 1, target));
    }

    @ParameterizedTest
    @EnumSource(names = {"LOST", "DISQUALIFIED"}, mode = EXCLUDE)
    void scheduleNextStep_isAllowedInOpenStagesWonAndAfterSales_keepingTheStage(Stage stage) {
        LeadHistory history = inStage(stage);
        given(history)
                .when(scheduleNextStep())
                .expectEvents(new NextStepScheduled(ID, "call back", NEXT_CONTACT, NOW))
                .expectResultMessagePayload(result(history.version() + 1, stage));
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void reassignLead_isAllowedInEveryStage_closedOnesToo(Stage stage) {
        LeadHistory history = inStage(stage);
        given(history)
                .when(reassignLead("bob"))
                // after the handover the account manager owns the lead
                .expectEvents(new LeadReassigned(ID, stage == AFTER_SALES ? "carol" : OWNER, "bob", NOW))
                .expectResultMessagePayload(result(history.version() + 1, stage));
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void updateContactDetails_isAllowedInEveryStage_closedOnesToo(Stage stage) {
        LeadHistory history = inStage(stage);
        given(history)
                .when(updateContactDetails(new Contact(null, "jan.kowalski@acme.example", null), null))
                .expectEvents(new ContactDetailsUpdated(ID,
                        new Contact(CONTACT.name(), "jan.kowalski@acme.example", CONTACT.phone()), COMPANY, NOW))
                .expectResultMessagePayload(result(history.version() + 1, stage));
    }
}
