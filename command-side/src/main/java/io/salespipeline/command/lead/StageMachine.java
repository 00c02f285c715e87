package io.salespipeline.command.lead;

import io.salespipeline.events.Stage;
import io.salespipeline.events.commands.*;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.salespipeline.events.Stage.*;

/**
 * The stage machine of a lead, in one place: which command is allowed in which stage, and where it
 * leads. Business rules that depend on more than the stage (a qualified lead, a reason) are checked by
 * the aggregate's handlers.
 *
 * <pre>
 * RegisterLead          (new)                              -> INQUIRY_RECEIVED
 * RecordFirstContact    INQUIRY_RECEIVED                   -> CONTACTED
 * QualifyLead           CONTACTED                          -> (stays)
 * DisqualifyLead        INQUIRY_RECEIVED, CONTACTED        -> DISQUALIFIED
 * StartOfferPreparation CONTACTED (qualified)              -> OFFER_PREPARATION
 * SendOffer             OFFER_PREPARATION                  -> OFFER_SENT
 * ReviseOffer           OFFER_SENT, FOLLOW_UP              -> (stays)
 * RecordFollowUp        OFFER_SENT, FOLLOW_UP              -> FOLLOW_UP (LET_THEM_BUY after the n-th "maybe")
 * MarkWon               OFFER_SENT, FOLLOW_UP, LET_THEM_BUY -> WON
 * MarkLost              any open stage                     -> LOST
 * StartAfterSales       WON                                -> AFTER_SALES
 * ReopenLead            LOST, DISQUALIFIED, LET_THEM_BUY   -> the open stage named (default: the one it left)
 * ScheduleNextStep      open stages, WON, AFTER_SALES      -> (stays)
 * ReassignLead          every stage but LOST, DISQUALIFIED -> (stays)
 * UpdateContactDetails  every stage but LOST, DISQUALIFIED -> (stays)
 * </pre>
 */
public final class StageMachine {

    private static final Set<Stage> OPEN = EnumSet.of(
            INQUIRY_RECEIVED, CONTACTED, OFFER_PREPARATION, OFFER_SENT, FOLLOW_UP, LET_THEM_BUY);

    private static final Map<Class<?>, Set<Stage>> ALLOWED_FROM = new LinkedHashMap<>();

    static {
        allow(RecordFirstContact.class, INQUIRY_RECEIVED);
        allow(QualifyLead.class, CONTACTED);
        allow(DisqualifyLead.class, INQUIRY_RECEIVED, CONTACTED);
        allow(StartOfferPreparation.class, CONTACTED);
        allow(SendOffer.class, OFFER_PREPARATION);
        allow(ReviseOffer.class, OFFER_SENT, FOLLOW_UP);
        allow(RecordFollowUp.class, OFFER_SENT, FOLLOW_UP);
        allow(MarkWon.class, OFFER_SENT, FOLLOW_UP, LET_THEM_BUY);
        allow(MarkLost.class, OPEN.toArray(Stage[]::new));
        allow(StartAfterSales.class, WON);
        allow(ReopenLead.class, LOST, DISQUALIFIED, LET_THEM_BUY);
        allow(ScheduleNextStep.class, union(OPEN, WON, AFTER_SALES));
        allow(ReassignLead.class, allBut(LOST, DISQUALIFIED));
        allow(UpdateContactDetails.class, allBut(LOST, DISQUALIFIED));
    }

    /** Stages a reopened lead may return to. */
    public static final Set<Stage> REOPEN_TARGETS =
            Collections.unmodifiableSet(EnumSet.of(INQUIRY_RECEIVED, CONTACTED, OFFER_PREPARATION, OFFER_SENT, FOLLOW_UP));

    private StageMachine() {
    }

    /** @throws IllegalTransitionException when {@code command} is not allowed in {@code stage} */
    public static void check(Stage stage, Object command) {
        Set<Stage> from = ALLOWED_FROM.get(command.getClass());
        if (from == null || !from.contains(stage)) {
            throw new IllegalTransitionException(stage, command.getClass().getSimpleName(), commandsAllowedIn(stage));
        }
    }

    public static boolean isAllowed(Stage stage, Class<?> commandType) {
        Set<Stage> from = ALLOWED_FROM.get(commandType);
        return from != null && from.contains(stage);
    }

    /** The commands a lead in {@code stage} accepts, in process order. */
    public static List<String> commandsAllowedIn(Stage stage) {
        return ALLOWED_FROM.entrySet().stream()
                .filter(e -> e.getValue().contains(stage))
                .map(e -> e.getKey().getSimpleName())
                .toList();
    }

    private static void allow(Class<?> command, Stage... from) {
        ALLOWED_FROM.put(command, Collections.unmodifiableSet(EnumSet.copyOf(Arrays.asList(from))));
    }

    private static Stage[] union(Set<Stage> stages, Stage... more) {
        EnumSet<Stage> all = EnumSet.copyOf(stages);
        all.addAll(Arrays.asList(more));
        return all.toArray(Stage[]::new);
    }

    private static Stage[] allBut(Stage... excluded) {
        EnumSet<Stage> all = EnumSet.allOf(Stage.class);
        all.removeAll(Arrays.asList(excluded));
        return all.toArray(Stage[]::new);
    }
}
