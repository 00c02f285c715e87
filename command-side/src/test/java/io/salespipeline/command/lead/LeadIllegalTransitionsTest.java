package io.salespipeline.command.lead;

import io.salespipeline.events.FollowUpOutcome;
import io.salespipeline.events.Stage;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.salespipeline.command.lead.LeadHistory.inStage;
import static io.salespipeline.command.lead.LeadHistory.registered;
import static io.salespipeline.events.Stage.*;

class LeadIllegalTransitionsTest extends LeadTestSupport {

    @Test
    void sendOffer_isRejected_beforeQualification() {
        given(registered().contacted())
                .when(sendOffer())
                .expectNoEvents()
                .expectException(illegalTransition(CONTACTED, "SendOffer", ALLOWED.get(CONTACTED)));
    }

    @Test
    void startOfferPreparation_isRejected_onAnUnqualifiedLead() {
        given(registered().contacted())
                .when(startOfferPreparation())
                .expectNoEvents()
                .expectException(illegalTransition(CONTACTED, "StartOfferPreparation", List.of("QualifyLead",
                        "DisqualifyLead", "MarkLost", "ScheduleNextStep", "ReassignLead", "UpdateContactDetails")));
    }

    @Test
    void startOfferPreparation_isRejected_beforeFirstContact() {
        given(inStage(INQUIRY_RECEIVED))
                .when(startOfferPreparation())
                .expectException(illegalTransition(INQUIRY_RECEIVED, "StartOfferPreparation", ALLOWED.get(INQUIRY_RECEIVED)));
    }

    @Test
    void recordFollowUp_isRejected_beforeAnOffer() {
        given(inStage(OFFER_PREPARATION))
                .when(recordFollowUp(FollowUpOutcome.NO_DECISION))
                .expectNoEvents()
                .expectException(illegalTransition(OFFER_PREPARATION, "RecordFollowUp", ALLOWED.get(OFFER_PREPARATION)));
    }

    @Test
    void markWon_isRejected_afterALoss() {
        given(inStage(LOST))
                .when(markWon(null))
                .expectNoEvents()
                .expectException(illegalTransition(LOST, "MarkWon", ALLOWED.get(LOST)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommandButReopenReassignAndCorrection")
    void everyCommandButReopenReassignmentAndContactCorrection_isRejected_onADisqualifiedLead(Object command) {
        given(inStage(DISQUALIFIED))
                .when(command)
                .expectNoEvents()
                .expectException(illegalTransition(DISQUALIFIED, command.getClass().getSimpleName(), ALLOWED.get(DISQUALIFIED)));
    }

    @Test
    void startAfterSales_isRejected_beforeAWin() {
        given(inStage(FOLLOW_UP))
                .when(startAfterSales())
                .expectNoEvents()
                .expectException(illegalTransition(FOLLOW_UP, "StartAfterSales", ALLOWED.get(FOLLOW_UP)));
    }

    @ParameterizedTest
    @EnumSource(names = {"INQUIRY_RECEIVED", "CONTACTED", "OFFER_PREPARATION", "OFFER_SENT", "FOLLOW_UP", "WON", "AFTER_SALES"})
    void reopenLead_isRejected_onALeadThatIsNotLostDisqualifiedOrParked(Stage stage) {
        given(inStage(stage))
                .when(reopenLead(null))
                .expectNoEvents()
                .expectException(illegalTransition(stage, "ReopenLead", ALLOWED.get(stage)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("commandsOutsideTheirStages")
    void everyCommand_isRejected_inEveryStageTheTableDoesNotAllowItIn(Stage stage, Object command) {
        given(inStage(stage))
                .when(command)
                .expectNoEvents()
                .expectException(illegalTransition(stage, command.getClass().getSimpleName(), ALLOWED.get(stage)));
    }

    static Stream<Named<Object>> everyCommandButReopenReassignAndCorrection() {
        return oneOfEachCommandOnALead().stream()
                .filter(c -> !ALLOWED.get(DISQUALIFIED).contains(c.getClass().getSimpleName()))
                .map(c -> Named.of(c.getClass().getSimpleName(), c));
    }

    static Stream<Arguments> commandsOutsideTheirStages() {
        return Arrays.stream(Stage.values()).flatMap(stage -> oneOfEachCommandOnALead().stream()
                .filter(c -> !ALLOWED.get(stage).contains(c.getClass().getSimpleName()))
                .map(c -> Arguments.of(stage, Named.of(c.getClass().getSimpleName(), c))));
    }
}
