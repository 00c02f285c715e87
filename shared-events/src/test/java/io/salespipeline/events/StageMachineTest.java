package io.salespipeline.events;

import io.salespipeline.events.commands.*;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import static io.salespipeline.events.Stage.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The one stage machine: complete, and without "allowed, then refused" contradictions. */
class StageMachineTest {

    private static final Set<Stage> EVERY_STAGE = EnumSet.allOf(Stage.class);
    private static final Set<Stage> WITHOUT_PREPARATION = EnumSet.complementOf(EnumSet.of(OFFER_PREPARATION));

    @Test
    void everyLeadEvent_hasARow() {
        Set<Class<?>> inTable = new java.util.HashSet<>();
        StageMachine.TABLE.forEach(r -> inTable.add(r.event()));
        assertThat(inTable).containsExactlyInAnyOrder(LeadEvent.class.getPermittedSubclasses());
    }

    @Test
    void anUnqualifiedContactedLead_isNotToldThatOfferPreparationIsAllowed() {
        StageMachine.Situation unqualified = new StageMachine.Situation(CONTACTED, false, EVERY_STAGE);
        assertThat(StageMachine.allowedCommands(unqualified)).doesNotContain("StartOfferPreparation", "SendOffer");
        assertThat(StageMachine.allows(StartOfferPreparation.class, unqualified)).isFalse();
        assertThat(StageMachine.missingCondition(StartOfferPreparation.class, unqualified)).contains(
                "a qualified lead in a pipeline with OFFER_PREPARATION");
    }

    @Test
    void whatIsListedAsAllowed_isAllowed_inEverySituation() {
        for (Stage stage : Stage.values()) {
            for (boolean qualified : new boolean[]{false, true}) {
                for (Set<Stage> pipeline : Set.of(EVERY_STAGE, WITHOUT_PREPARATION)) {
                    StageMachine.Situation s = new StageMachine.Situation(stage, qualified, pipeline);
                    StageMachine.TABLE.stream().filter(r -> r.command() != null).map(StageMachine.Row::command).distinct()
                            .forEach(c -> assertThat(StageMachine.allowedCommands(s).contains(c.getSimpleName()))
                                    .as("%s in %s", c.getSimpleName(), s).isEqualTo(StageMachine.allows(c, s)));
                }
            }
        }
    }

    @Test
    void aQualifiedLeadWithoutOfferPreparation_isSentTheOfferFromContacted() {
        StageMachine.Situation s = new StageMachine.Situation(CONTACTED, true, WITHOUT_PREPARATION);
        assertThat(StageMachine.allows(SendOffer.class, s)).isTrue();
        assertThat(StageMachine.allows(StartOfferPreparation.class, s)).isFalse();
    }

    @Test
    void stageChanges_areDerivedFromTheTable() {
        LeadId id = LeadId.newId();
        java.time.Instant t = java.time.Instant.parse("2026-03-01T10:00:00Z");
        assertThat(StageMachine.stageAfter(CONTACTED, new OfferSent(id, Money.of("1", "PLN"), "x", t, null, t))).isEqualTo(OFFER_SENT);
        assertThat(StageMachine.stageAfter(OFFER_SENT, new FollowUpRecorded(id, ContactChannel.PHONE,
                FollowUpOutcome.NO_ANSWER, null, null, t, null, t))).isEqualTo(FOLLOW_UP);
        assertThat(StageMachine.stageAfter(FOLLOW_UP, new FollowUpRecorded(id, ContactChannel.PHONE,
                FollowUpOutcome.NO_ANSWER, null, null, t, null, t))).isEqualTo(FOLLOW_UP);
        assertThat(StageMachine.stageAfter(LOST, new LeadReopened(id, "back", LOST, OFFER_SENT, null, t, t))).isEqualTo(OFFER_SENT);
        assertThat(StageMachine.stageAfter(LOST, new LeadReassigned(id, "a", "b", t))).isEqualTo(LOST);
        assertThat(StageMachine.stageAfter(null, new LeadRegistered(id, null, null, LeadSource.OTHER, false, "a", null, null, t)))
                .isEqualTo(INQUIRY_RECEIVED);
        assertThat(Arrays.stream(Stage.values()).filter(st -> StageMachine.allowedCommands(
                new StageMachine.Situation(st, true, EVERY_STAGE)).contains("ReassignLead"))).hasSize(Stage.values().length);
    }
}
