package io.salespipeline.events;

import io.salespipeline.events.commands.*;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.salespipeline.events.Stage.*;

/**
 * The stage machine of a lead, as data, in one place. Each row says: the command, the event it records,
 * the stages it is allowed from, the condition on the lead (qualified, the options of its pipeline) and
 * where it leaves the lead. The command side asks it whether a command is allowed (and lists what is,
 * in a 409); the query side derives every stage change from it.
 *
 * <pre>
 * command                 event                      from                              when                               to
 * RegisterLead            LeadRegistered             (new)                             -                                  INQUIRY_RECEIVED
 * RecordFirstContact      FirstContactRecorded       INQUIRY_RECEIVED                  -                                  CONTACTED
 * QualifyLead             LeadQualified              CONTACTED                         -                                  (stays)
 * DisqualifyLead          LeadDisqualified           INQUIRY_RECEIVED, CONTACTED       -                                  DISQUALIFIED
 * StartOfferPreparation   OfferPreparationStarted    CONTACTED                         qualified, pipeline prepares offers OFFER_PREPARATION
 * SendOffer               OfferSent                  OFFER_PREPARATION                 -                                  OFFER_SENT
 * SendOffer               OfferSent                  CONTACTED                         qualified, no offer preparation    OFFER_SENT
 * ReviseOffer             OfferRevised               OFFER_SENT, FOLLOW_UP             -                                  (stays)
 * RecordFollowUp          FollowUpRecorded           OFFER_SENT                        -                                  FOLLOW_UP
 * RecordFollowUp          FollowUpRecorded           FOLLOW_UP                         -                                  (stays)
 * (automatic)             LeadMovedToLetThemBuy      FOLLOW_UP                         pipeline lets them buy             LET_THEM_BUY
 * MarkWon                 LeadWon                    OFFER_SENT, FOLLOW_UP, LET_THEM_BUY -                                WON
 * MarkLost                LeadLost                   every open stage                  -                                  LOST
 * StartAfterSales         AfterSalesStarted          WON                               pipeline has after-sales           AFTER_SALES
 * RecordAfterSalesContact AfterSalesContactRecorded  AFTER_SALES                       -                                  (stays)
 * ReopenLead              LeadReopened               LOST, DISQUALIFIED, LET_THEM_BUY  -                                  the open stage named
 * ScheduleNextStep        NextStepScheduled          open stages, WON, AFTER_SALES     -                                  (stays)
 * ReassignLead            LeadReassigned             every stage                       -                                  (stays)
 * UpdateContactDetails    ContactDetailsUpdated      every stage                       -                                  (stays)
 * (deadline)              OfferDeadlineMissed        OFFER_PREPARATION                 -                                  (stays)
 * (deadline)              FollowUpOverdue            OFFER_SENT, FOLLOW_UP             -                                  (stays)
 * </pre>
 */
public final class StageMachine {

    private static final Set<Stage> OPEN = EnumSet.of(
            INQUIRY_RECEIVED, CONTACTED, OFFER_PREPARATION, OFFER_SENT, FOLLOW_UP, LET_THEM_BUY);

    /** What a row's condition may look at: the lead's stage, whether it is qualified, its pipeline's stages. */
    public record Situation(Stage stage, boolean qualified, Set<Stage> pipelineStages) {
    }

    /** The condition of a row on the lead, beyond its stage. */
    public enum When {
        ALWAYS(""),
        QUALIFIED_AND_PREPARES_OFFERS("a qualified lead in a pipeline with OFFER_PREPARATION"),
        QUALIFIED_WITHOUT_OFFER_PREPARATION("a qualified lead in a pipeline without OFFER_PREPARATION"),
        LETS_THEM_BUY("a pipeline with LET_THEM_BUY"),
        HAS_AFTER_SALES("a pipeline with AFTER_SALES");

        private final String needs;

        When(String needs) {
            this.needs = needs;
        }

        public boolean holds(Situation s) {
            return switch (this) {
                case ALWAYS -> true;
                case QUALIFIED_AND_PREPARES_OFFERS -> s.qualified() && s.pipelineStages().contains(OFFER_PREPARATION);
                case QUALIFIED_WITHOUT_OFFER_PREPARATION -> s.qualified() && !s.pipelineStages().contains(OFFER_PREPARATION);
                case LETS_THEM_BUY -> s.pipelineStages().contains(LET_THEM_BUY);
                case HAS_AFTER_SALES -> s.pipelineStages().contains(AFTER_SALES);
            };
        }

        public String needs() {
            return needs;
        }
    }

    /** Where a row leaves the lead: a stage, where it was ({@code stays}), or the stage the command names. */
    public record To(Stage stage, boolean namedByCommand) {
        static final To STAYS = new To(null, false);
        static final To NAMED = new To(null, true);

        static To enter(Stage stage) {
            return new To(stage, false);
        }
    }

    /** One row. {@code command} is null for what the lead records by itself (automatic moves, deadlines). */
    public record Row(Class<? extends LeadCommand> command, Class<? extends LeadEvent> event, Set<Stage> from,
                      When when, To to) {

        public String commandName() {
            return command == null ? null : command.getSimpleName();
        }
    }

    public static final List<Row> TABLE = List.of(
            row(RegisterLead.class, LeadRegistered.class, Set.of(), When.ALWAYS, To.enter(INQUIRY_RECEIVED)),
            row(RecordFirstContact.class, FirstContactRecorded.class, Set.of(INQUIRY_RECEIVED), When.ALWAYS, To.enter(CONTACTED)),
            row(QualifyLead.class, LeadQualified.class, Set.of(CONTACTED), When.ALWAYS, To.STAYS),
            row(DisqualifyLead.class, LeadDisqualified.class, Set.of(INQUIRY_RECEIVED, CONTACTED), When.ALWAYS, To.enter(DISQUALIFIED)),
            row(StartOfferPreparation.class, OfferPreparationStarted.class, Set.of(CONTACTED), When.QUALIFIED_AND_PREPARES_OFFERS,
                    To.enter(OFFER_PREPARATION)),
            row(SendOffer.class, OfferSent.class, Set.of(OFFER_PREPARATION), When.ALWAYS, To.enter(OFFER_SENT)),
            row(SendOffer.class, OfferSent.class, Set.of(CONTACTED), When.QUALIFIED_WITHOUT_OFFER_PREPARATION, To.enter(OFFER_SENT)),
            row(ReviseOffer.class, OfferRevised.class, Set.of(OFFER_SENT, FOLLOW_UP), When.ALWAYS, To.STAYS),
            row(RecordFollowUp.class, FollowUpRecorded.class, Set.of(OFFER_SENT), When.ALWAYS, To.enter(FOLLOW_UP)),
            row(RecordFollowUp.class, FollowUpRecorded.class, Set.of(FOLLOW_UP), When.ALWAYS, To.STAYS),
            row(null, LeadMovedToLetThemBuy.class, Set.of(FOLLOW_UP), When.LETS_THEM_BUY, To.enter(LET_THEM_BUY)),
            row(MarkWon.class, LeadWon.class, Set.of(OFFER_SENT, FOLLOW_UP, LET_THEM_BUY), When.ALWAYS, To.enter(WON)),
            row(MarkLost.class, LeadLost.class, OPEN, When.ALWAYS, To.enter(LOST)),
            row(StartAfterSales.class, AfterSalesStarted.class, Set.of(WON), When.HAS_AFTER_SALES, To.enter(AFTER_SALES)),
            row(RecordAfterSalesContact.class, AfterSalesContactRecorded.class, Set.of(AFTER_SALES), When.ALWAYS, To.STAYS),
            row(ReopenLead.class, LeadReopened.class, Set.of(LOST, DISQUALIFIED, LET_THEM_BUY), When.ALWAYS, To.NAMED),
            row(ScheduleNextStep.class, NextStepScheduled.class, union(OPEN, WON, AFTER_SALES), When.ALWAYS, To.STAYS),
            row(ReassignLead.class, LeadReassigned.class, EnumSet.allOf(Stage.class), When.ALWAYS, To.STAYS),
            row(UpdateContactDetails.class, ContactDetailsUpdated.class, EnumSet.allOf(Stage.class), When.ALWAYS, To.STAYS),
            row(null, OfferDeadlineMissed.class, Set.of(OFFER_PREPARATION), When.ALWAYS, To.STAYS),
            row(null, FollowUpOverdue.class, Set.of(OFFER_SENT, FOLLOW_UP), When.ALWAYS, To.STAYS));

    /** Stages a reopened lead may return to (if its pipeline uses them). */
    public static final Set<Stage> REOPEN_TARGETS =
            Collections.unmodifiableSet(EnumSet.of(INQUIRY_RECEIVED, CONTACTED, OFFER_PREPARATION, OFFER_SENT, FOLLOW_UP));

    private StageMachine() {
    }

    /** Whether a lead in {@code situation} accepts {@code command}. */
    public static boolean allows(Class<?> command, Situation situation) {
        return TABLE.stream().anyMatch(r -> r.command() == command && applies(r, situation));
    }

    /** The commands a lead in {@code situation} accepts, in process order. */
    public static List<String> allowedCommands(Situation situation) {
        return TABLE.stream().filter(r -> r.command() != null && applies(r, situation))
                .map(Row::commandName).distinct().toList();
    }

    /** Why {@code command} is refused: the condition it lacks, when its stage alone would allow it. */
    public static Optional<String> missingCondition(Class<?> command, Situation situation) {
        return TABLE.stream().filter(r -> r.command() == command && r.from().contains(situation.stage()))
                .map(r -> r.when().needs()).filter(n -> !n.isEmpty()).findFirst();
    }

    /**
     * The stage a lead is in after {@code event}, from the stage it was in ({@code null} before its
     * registration). An event the table does not expect in that stage (history imported from elsewhere)
     * still takes the lead where the event's first row says.
     */
    public static Stage stageAfter(Stage current, LeadEvent event) {
        Row row = TABLE.stream().filter(r -> r.event() == event.getClass() && (current == null || r.from().contains(current)))
                .findFirst()
                .orElseGet(() -> TABLE.stream().filter(r -> r.event() == event.getClass()).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no row for " + event.getClass().getSimpleName())));
        if (row.to().namedByCommand()) {
            return ((LeadReopened) event).toStage();
        }
        return row.to().stage() != null ? row.to().stage() : current;
    }

    private static boolean applies(Row row, Situation situation) {
        return row.from().contains(situation.stage()) && row.when().holds(situation);
    }

    private static Row row(Class<? extends LeadCommand> command, Class<? extends LeadEvent> event, Set<Stage> from,
                           When when, To to) {
        return new Row(command, event, from.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(from)), when, to);
    }

    private static Set<Stage> union(Set<Stage> stages, Stage... more) {
        EnumSet<Stage> all = EnumSet.copyOf(stages);
        all.addAll(Arrays.asList(more));
        return all;
    }
}
