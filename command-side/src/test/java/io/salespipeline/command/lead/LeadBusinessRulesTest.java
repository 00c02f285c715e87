package io.salespipeline.command.lead;

import io.salespipeline.events.*;
import io.salespipeline.events.commands.ReopenLead;
import io.salespipeline.events.commands.ScheduleNextStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static io.salespipeline.command.lead.LeadHistory.inStage;
import static io.salespipeline.command.lead.LeadHistory.registered;
import static io.salespipeline.events.FollowUpOutcome.NEGOTIATING;
import static io.salespipeline.events.Stage.*;

class LeadBusinessRulesTest extends LeadTestSupport {

    @Test
    void reassignLead_toTheSameOwner_recordsNothing() {
        given(inStage(FOLLOW_UP))
                .when(reassignLead(OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(result(6, FOLLOW_UP));
    }

    @Test
    void updateContactDetails_mergesTheGivenFieldsIntoTheCurrentDetails() {
        given(inStage(OFFER_SENT))
                .when(updateContactDetails(new Contact(null, "jan.kowalski@acme.example", null),
                        new Company(null, null, "ul. Długa 5, Kraków")))
                .expectEvents(new ContactDetailsUpdated(ID,
                        new Contact("Jan Kowalski", "jan.kowalski@acme.example", "+48 600 100 200"),
                        new Company("Acme Sp. z o.o.", "PL5260001246", "ul. Długa 5, Kraków"), NOW));
    }

    @Test
    void updateContactDetails_mergesIntoTheDetailsOfTheLastUpdate() {
        Contact afterFirstUpdate = new Contact("Jan Kowalski", "jan@acme.example", "+48 600 999 999");
        given(inStage(OFFER_SENT).contactDetailsUpdated(afterFirstUpdate, COMPANY))
                .when(updateContactDetails(new Contact(null, "jan.kowalski@acme.example", null), null))
                .expectEvents(new ContactDetailsUpdated(ID,
                        new Contact("Jan Kowalski", "jan.kowalski@acme.example", "+48 600 999 999"), COMPANY, NOW));
    }

    @Test
    void updateContactDetails_withNothingNew_recordsNothing() {
        given(inStage(OFFER_SENT))
                .when(updateContactDetails(new Contact(null, CONTACT.email(), null), null))
                .expectNoEvents();
    }

    @Test
    void updateContactDetails_isRejected_whenItLeavesNoWayToReachTheContact() {
        given(inStage(OFFER_SENT))
                .when(updateContactDetails(new Contact(null, "", " "), null))
                .expectNoEvents()
                .expectException(invalidField("contact"));
    }

    @ParameterizedTest
    @EnumSource(names = {"OFFER_SENT", "FOLLOW_UP"})
    void reopenLead_isRejected_intoAnOfferStage_whenNoOfferWasEverSent(Stage target) {
        given(registered().contacted().qualified().offerPreparationStarted().lost())
                .when(reopenLead(target))
                .expectNoEvents()
                .expectException(ruleViolation("REOPEN_NEEDS_OFFER"));
    }

    @Test
    void reopenLead_isRejected_intoOfferPreparation_forAnUnqualifiedLead() {
        given(inStage(DISQUALIFIED))
                .when(reopenLead(OFFER_PREPARATION))
                .expectNoEvents()
                .expectException(ruleViolation("REOPEN_NEEDS_QUALIFICATION"));
    }

    @ParameterizedTest
    @EnumSource(names = {"LET_THEM_BUY", "WON", "AFTER_SALES", "LOST", "DISQUALIFIED"})
    void reopenLead_isRejected_intoAStageThatIsNotAnOpenWorkingStage(Stage target) {
        given(inStage(LOST))
                .when(reopenLead(target))
                .expectNoEvents()
                .expectException(invalidField("stage"));
    }

    @Test
    void reopenLead_isRejected_withoutReason() {
        given(inStage(LOST))
                .when(new ReopenLead(ID, " ", null, null))
                .expectNoEvents()
                .expectException(invalidField("reason"));
    }

    @Test
    void markWon_withoutFinalValue_takesTheLatestRevisedOfferValue() {
        Money latest = Money.of("10500.00", "PLN");
        given(inStage(OFFER_SENT).offerRevised(Money.of("11000.00", "PLN")).followUp(NEGOTIATING).offerRevised(latest))
                .when(markWon(null))
                .expectEvents(new LeadWon(ID, latest, null, FOLLOW_UP, NOW));
    }

    @Test
    void markWon_withoutFinalValue_takesTheValueOfTheLatestOffer() {
        given(inStage(OFFER_SENT))
                .when(markWon(null))
                .expectEvents(new LeadWon(ID, OFFER, null, OFFER_SENT, NOW));
    }

    @Test
    void scheduleNextStep_isRejected_whenDueBeforeItIsAgreed() {
        given(inStage(FOLLOW_UP))
                .when(new ScheduleNextStep(ID, "call back", NOW.minus(Duration.ofMinutes(1)), null))
                .expectNoEvents()
                .expectException(ruleViolation("NEXT_STEP_IN_PAST"));
    }
}
