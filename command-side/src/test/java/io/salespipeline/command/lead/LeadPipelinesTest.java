package io.salespipeline.command.lead;

import io.salespipeline.events.*;
import io.salespipeline.events.commands.RegisterLead;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.salespipeline.command.lead.LeadHistory.registeredIn;
import static io.salespipeline.events.FollowUpOutcome.*;
import static io.salespipeline.events.Stage.*;

/**
 * A lead follows the pipeline version it was registered with: the stages that version leaves out are skipped
 * (the stage machine's conditions), its rules apply, and a later version changes nothing for it.
 */
class LeadPipelinesTest extends LeadTestSupport {

    private static final PipelineRules OWN_RULES = new PipelineRules(Duration.ofHours(12), Duration.ofHours(72), 2,
            Duration.ofHours(24));
    /** Referrals v1: every stage, own rules. */
    private static final PipelineDefinition REFERRALS_V1 = pipeline("polecenia", 1, OWN_RULES);
    /** Referrals v2: no offer preparation (the offer goes out right after qualification), no let-them-buy. */
    private static final PipelineDefinition REFERRALS_V2 = pipeline("polecenia", 2, OWN_RULES, OFFER_PREPARATION, LET_THEM_BUY);
    /** Cold calls: no after-sales (WON is final). */
    private static final PipelineDefinition COLD_CALLS = new PipelineDefinition("zimne", 1, "Zimne telefony",
            List.of(LeadSource.COLD_CALL), stagesWithout(AFTER_SALES), LeadRules.defaults().pipelineRules());

    private static PipelineDefinition pipeline(String key, int version, PipelineRules rules, Stage... without) {
        return new PipelineDefinition(key, version, "Polecenia", List.of(LeadSource.REFERRAL), stagesWithout(without), rules);
    }

    private static List<PipelineStage> stagesWithout(Stage... without) {
        Set<Stage> left = Set.of(without);
        return PipelineDefinition.TRAINERS_STAGES.stream().filter(s -> !left.contains(s.stage())).toList();
    }

    @Override
    @org.junit.jupiter.api.BeforeEach
    void createFixture() {
        fixture = fixtureWith(LeadRules.defaults(), REFERRALS_V1, REFERRALS_V2, COLD_CALLS);
    }

    // --- registration binds the lead to a version ------------------------------------------------

    @Test
    void registerLead_bindsTheLead_toTheCurrentVersionOfThePipelineServingItsSource() {
        givenNoLead()
                .when(registerLead(OWNER)) // a REFERRAL
                .expectEvents(new LeadRegistered(ID, COMPANY, CONTACT, LeadSource.REFERRAL, true, OWNER, "met at a fair",
                        REFERRALS_V2.ref(), NOW));
    }

    @Test
    void registerLead_ofASourceNoPipelineClaims_followsTheDefault() {
        givenNoLead()
                .when(new RegisterLead(ID, COMPANY, CONTACT, LeadSource.WEBSITE, false, OWNER, null, null, null))
                .expectEvents(new LeadRegistered(ID, COMPANY, CONTACT, LeadSource.WEBSITE, false, OWNER, null,
                        DEFAULT_PIPELINE.ref(), NOW));
    }

    @Test
    void registerLead_intoThePipelineItNames() {
        givenNoLead()
                .when(new RegisterLead(ID, COMPANY, CONTACT, LeadSource.REFERRAL, true, OWNER, null, "default", null))
                .expectEvents(new LeadRegistered(ID, COMPANY, CONTACT, LeadSource.REFERRAL, true, OWNER, null,
                        DEFAULT_PIPELINE.ref(), NOW));
    }

    @Test
    void registerLead_isRejected_intoAnUnknownPipeline() {
        givenNoLead()
                .when(new RegisterLead(ID, COMPANY, CONTACT, LeadSource.REFERRAL, true, OWNER, null, "nope", null))
                .expectNoEvents()
                .expectException(invalidField("pipeline"));
    }

    // --- a pipeline without offer preparation -----------------------------------------------------

    @Test
    void withoutOfferPreparation_aQualifiedLeadIsSentTheOffer_straightFromContacted() {
        given(registeredIn(REFERRALS_V2.ref()).contacted().qualified())
                .when(sendOffer())
                .expectEvents(new OfferSent(ID, OFFER, DESCRIPTION, NOW.plus(Duration.ofHours(72)), null, NOW))
                .expectResultMessagePayload(result(4, OFFER_SENT));
    }

    @Test
    void withoutOfferPreparation_startOfferPreparation_isRejected_listingSendOffer() {
        given(registeredIn(REFERRALS_V2.ref()).contacted().qualified())
                .when(startOfferPreparation())
                .expectNoEvents()
                .expectException(illegalTransition(CONTACTED, "StartOfferPreparation", List.of("QualifyLead",
                        "DisqualifyLead", "SendOffer", "MarkLost", "ScheduleNextStep", "ReassignLead", "UpdateContactDetails")));
    }

    @Test
    void withoutOfferPreparation_sendOffer_stillNeedsAQualifiedLead() {
        given(registeredIn(REFERRALS_V2.ref()).contacted())
                .when(sendOffer())
                .expectNoEvents()
                .expectException(illegalTransition(CONTACTED, "SendOffer", ALLOWED.get(CONTACTED)));
    }

    @Test
    void withOfferPreparation_sendOffer_isRejected_fromContacted_evenWhenQualified() {
        given(registeredIn(REFERRALS_V1.ref()).contacted().qualified())
                .when(sendOffer())
                .expectNoEvents()
                .expectException(illegalTransition(CONTACTED, "SendOffer", List.of("QualifyLead", "DisqualifyLead",
                        "StartOfferPreparation", "MarkLost", "ScheduleNextStep", "ReassignLead", "UpdateContactDetails")));
    }

    @Test
    void withoutOfferPreparation_aLeadCannotReopenIntoIt() {
        given(registeredIn(REFERRALS_V2.ref()).contacted().qualified().offerSent().lost())
                .when(reopenLead(OFFER_PREPARATION))
                .expectNoEvents()
                .expectException(invalidField("stage"));
    }

    // --- a pipeline without let-them-buy --------------------------------------------------------

    @Test
    void withoutLetThemBuy_undecidedContactsParkNoLead() {
        given(registeredIn(REFERRALS_V2.ref()).contacted().qualified().offerSent().followUp(NO_DECISION).followUp(NO_ANSWER))
                .when(recordFollowUp(NO_ANSWER))
                .expectEvents(new FollowUpRecorded(ID, ContactChannel.PHONE, NO_ANSWER, null, null,
                        NOW.plus(Duration.ofHours(72)), null, NOW))
                .expectResultMessagePayload(result(7, FOLLOW_UP));
    }

    @Test
    void withLetThemBuy_thePipelinesOwnThresholdParksTheLead() {
        given(registeredIn(REFERRALS_V1.ref()).contacted().qualified().offerPreparationStarted().offerSent().followUp(NO_DECISION))
                .when(recordFollowUp(NO_ANSWER))
                .expectEvents(new FollowUpRecorded(ID, ContactChannel.PHONE, NO_ANSWER, null, null, null, null, NOW),
                        new LeadMovedToLetThemBuy(ID, 2, NOW));
    }

    // --- a pipeline without after-sales ---------------------------------------------------------

    @Test
    void withoutAfterSales_wonIsFinal() {
        given(registeredIn(COLD_CALLS.ref()).contacted().qualified().offerPreparationStarted().offerSent().followUp(NEGOTIATING).won())
                .when(startAfterSales())
                .expectNoEvents()
                .expectException(illegalTransition(WON, "StartAfterSales",
                        List.of("ScheduleNextStep", "ReassignLead", "UpdateContactDetails")));
    }

    // --- the pipeline's own rules ----------------------------------------------------------------

    @Test
    void thePipelinesOwnOfferPromise_isTheDefaultPromise() {
        given(registeredIn(REFERRALS_V1.ref()).contacted().qualified())
                .when(startOfferPreparation())
                .expectEvents(new OfferPreparationStarted(ID, NOW.plus(Duration.ofHours(12)), NOW))
                .expectScheduledDeadline(NOW.plus(Duration.ofHours(12)), new OfferPromiseDeadline(NOW.plus(Duration.ofHours(12))));
    }

    @Test
    void thePipelinesOwnFollowUpWindow_isTheLimitWithoutAReason() {
        Instant due = NOW.plus(Duration.ofHours(60));
        given(registeredIn(REFERRALS_V2.ref()).contacted().qualified())
                .when(sendOffer(due, null, null))
                .expectEvents(new OfferSent(ID, OFFER, DESCRIPTION, due, null, NOW));
    }

    @Test
    void theDefaultFollowUpWindow_stillLimitsTheDefaultsLeads() {
        Instant due = NOW.plus(Duration.ofHours(60));
        given(registeredIn(DEFAULT_PIPELINE.ref()).contacted().qualified().offerPreparationStarted())
                .when(sendOffer(due, null, null))
                .expectNoEvents()
                .expectException(ruleViolation("FOLLOW_UP_TOO_LATE"));
    }

    // --- a changed definition leaves existing leads on their version --------------------------------

    @Test
    void aLeadRegisteredWithVersion1_keepsOfferPreparation_afterVersion2DroppedIt() {
        given(registeredIn(REFERRALS_V1.ref()).contacted().qualified())
                .when(startOfferPreparation())
                .expectEvents(new OfferPreparationStarted(ID, NOW.plus(Duration.ofHours(12)), NOW))
                .expectResultMessagePayload(result(4, OFFER_PREPARATION));
    }

    @Test
    void aLeadRegisteredWithVersion1_isStillParkedByLetThemBuy_afterVersion2DroppedIt() {
        given(registeredIn(REFERRALS_V1.ref()).contacted().qualified().offerPreparationStarted().offerSent().followUp(NO_ANSWER))
                .when(recordFollowUp(NO_DECISION))
                .expectEvents(new FollowUpRecorded(ID, ContactChannel.PHONE, NO_DECISION, null, null, null, null, NOW),
                        new LeadMovedToLetThemBuy(ID, 2, NOW))
                .expectResultMessagePayload(result(8, LET_THEM_BUY));
    }

    @Test
    void everyPipelineOption_isEitherUsedOrLeftOut_inTheseFixtures() {
        // the options the tests above cover: each optional stage left out by some pipeline, used by another
        Set<Stage> leftOut = EnumSet.noneOf(Stage.class);
        for (PipelineDefinition p : List.of(REFERRALS_V2, COLD_CALLS)) {
            Arrays.stream(Stage.values()).filter(s -> !p.uses(s)).forEach(leftOut::add);
        }
        org.assertj.core.api.Assertions.assertThat(leftOut).isEqualTo(PipelineDefinition.OPTIONAL_STAGES);
    }
}
