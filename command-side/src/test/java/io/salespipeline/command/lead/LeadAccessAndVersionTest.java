package io.salespipeline.command.lead;

import io.salespipeline.events.FollowUpRecorded;
import io.salespipeline.events.LeadRegistered;
import io.salespipeline.events.LeadSource;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.salespipeline.command.lead.LeadHistory.inStage;
import static io.salespipeline.events.FollowUpOutcome.NEGOTIATING;
import static io.salespipeline.events.FollowUpOutcome.NO_DECISION;
import static io.salespipeline.events.Stage.*;

class LeadAccessAndVersionTest extends LeadTestSupport {

    private static final MetaData ALICE = new Actor(OWNER, Set.of("SALES")).toMetaData();
    private static final MetaData BOB = new Actor("bob", Set.of("SALES")).toMetaData();
    private static final MetaData BOB_AS_MANAGER = new Actor("bob", Set.of("MANAGER")).toMetaData();
    private static final FollowUpRecorded FOLLOW_UP_NOW = followUpRecorded(NEGOTIATING);

    @Test
    void command_isRejected_forASalesRepWhoDoesNotOwnTheLead() {
        given(inStage(OFFER_SENT))
                .when(recordFollowUp(NEGOTIATING), BOB)
                .expectNoEvents()
                .expectException(LeadAccessDeniedException.class);
    }

    @Test
    void command_isAccepted_forTheSalesRepWhoOwnsTheLead() {
        given(inStage(OFFER_SENT))
                .when(recordFollowUp(NEGOTIATING), ALICE)
                .expectEvents(FOLLOW_UP_NOW);
    }

    @Test
    void command_isAccepted_forAManager_onAnotherRepsLead() {
        given(inStage(OFFER_SENT))
                .when(recordFollowUp(NEGOTIATING), BOB_AS_MANAGER)
                .expectEvents(FOLLOW_UP_NOW);
    }

    @Test
    void command_isAccepted_forASalesRepWhoIsAlsoAManager() {
        given(inStage(OFFER_SENT))
                .when(recordFollowUp(NEGOTIATING), new Actor("bob", Set.of("SALES", "MANAGER")).toMetaData())
                .expectEvents(FOLLOW_UP_NOW);
    }

    @Test
    void ownership_followsAReassignment() {
        given(inStage(OFFER_SENT).reassigned(OWNER, "bob"))
                .when(recordFollowUp(NEGOTIATING), ALICE)
                .expectException(LeadAccessDeniedException.class);
        given(inStage(OFFER_SENT).reassigned(OWNER, "bob"))
                .when(recordFollowUp(NEGOTIATING), BOB)
                .expectEvents(FOLLOW_UP_NOW);
    }

    @Test
    void accessCheck_comesBeforeTheStageCheck() {
        given(inStage(LOST))
                .when(markWon(null), BOB)
                .expectException(LeadAccessDeniedException.class);
    }

    @Test
    void registerLead_isRejected_forASalesRepRegisteringForAnotherOwner() {
        givenNoLead()
                .when(registerLead(OWNER), BOB)
                .expectNoEvents()
                .expectException(LeadAccessDeniedException.class);
    }

    @Test
    void registerLead_isAccepted_forASalesRepRegisteringForThemselves() {
        givenNoLead()
                .when(registerLead(OWNER), ALICE)
                .expectEvents(leadRegistered(OWNER, NOW));
    }

    @Test
    void registerLead_isAccepted_forAManagerRegisteringForAnotherOwner() {
        givenNoLead()
                .when(registerLead(OWNER), BOB_AS_MANAGER)
                .expectEvents(leadRegistered(OWNER, NOW));
    }

    @Test
    void command_isRejected_whenTheExpectedVersionIsNotTheLeadsVersion() {
        given(inStage(OFFER_SENT))
                .when(recordFollowUp(NEGOTIATING), MetaData.with(Lead.EXPECTED_VERSION, 4L))
                .expectNoEvents()
                .expectException(versionMismatch(4, 5));
    }

    @Test
    void command_isAccepted_whenTheExpectedVersionIsTheLeadsVersion() {
        given(inStage(OFFER_SENT))
                .when(recordFollowUp(NEGOTIATING), ALICE.and(Lead.EXPECTED_VERSION, "5"))
                .expectEvents(FOLLOW_UP_NOW)
                .expectResultMessagePayload(result(6, FOLLOW_UP));
    }

    @Test
    void command_answersTheLeadsVersionAndStageAfterIt() {
        given(inStage(OFFER_SENT).followUp(NO_DECISION).followUp(NO_DECISION))
                .when(recordFollowUp(NO_DECISION))
                .expectResultMessagePayload(result(9, LET_THEM_BUY));
    }

    @Test
    void command_thatRecordsNothing_answersTheUnchangedVersion() {
        given(inStage(CONTACTED))
                .when(reassignLead(OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(result(2, CONTACTED));
    }
}
