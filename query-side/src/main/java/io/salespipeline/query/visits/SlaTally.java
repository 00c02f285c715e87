package io.salespipeline.query.visits;

import io.salespipeline.events.Stage;
import io.salespipeline.query.projection.ProjectionBatch;
import io.salespipeline.query.projection.TableNames;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sla_tally}: the SLA items that closed, counted per kind and outcome, kept on time or late. The kinds: the
 * offer promises (visits of OFFER_PREPARATION whose deadline the preparation set: kept when the offer went by it),
 * the first follow-ups (visits of OFFER_SENT whose deadline the offer set: kept when the follow-up came by it)
 * and the follow-up rhythm's items ({@code follow_up_due}: kept when the next follow-up came by the due time). An
 * item closes when its visit ends, or the rhythm's item when the next follow-up comes or its visit ends, whichever
 * is first; its outcome is then fixed (an item that ended before its deadline without being kept is neither).
 * <p>
 * The SLA report over all history reads these few rows and corrects them by index ranges: the closed items whose
 * deadline is not before the window's end taken off, the open items whose deadline passed added as late; instead
 * of reading every item (at 100,000 leads 144,000 visits and 199,000 rhythm items per request). The projection
 * counts what each batch closed, in the same transaction; a rebuild counts its fresh tables once filled
 * ({@code stage-visits.rebuilt.sql}, the same definitions as these methods).
 */
public final class SlaTally {

    /** The kind of the rhythm's items. */
    public static final String RHYTHM = "RHYTHM";
    public static final String ON_TIME = "ON_TIME";
    public static final String LATE = "LATE";

    /** Per stage whose visits are items: the deadline's origin that makes a visit one, and the stage that keeps it. */
    public record VisitKind(Stage stage, String origin, Stage kept) {
    }

    public static final List<VisitKind> VISIT_KINDS = List.of(
            new VisitKind(Stage.OFFER_PREPARATION, "OFFER_PREPARATION", Stage.OFFER_SENT),
            new VisitKind(Stage.OFFER_SENT, "OFFER", Stage.FOLLOW_UP));

    private static final TallyRows ROWS = new TallyRows("sla_tally", List.of("kind varchar(30)", "outcome varchar(10)"),
            "items", List.of());

    private SlaTally() {
    }

    /** The kind of visits of {@code stage}, if they can be items. */
    static VisitKind kindOf(Stage stage) {
        return VISIT_KINDS.stream().filter(k -> k.stage() == stage).findFirst().orElse(null);
    }

    /** The outcome of a visit that ended, as the report judges it: {@link #ON_TIME}, {@link #LATE}, or null (neither, or no item). */
    static String visitOutcome(Stage stage, String origin, Long deadlineMs, long exitedMs, Stage exitStage) {
        VisitKind kind = kindOf(stage);
        if (kind == null || deadlineMs == null || !kind.origin().equals(origin)) {
            return null;
        }
        if (exitedMs > deadlineMs) {
            return LATE;
        }
        return exitStage == kind.kept() ? ON_TIME : null;
    }

    /** The outcome of a rhythm item due at {@code dueMs} closed at {@code atMs}: answered by a follow-up, or its visit ended. */
    static String rhythmOutcome(long dueMs, long atMs, boolean answered) {
        if (answered) {
            return atMs <= dueMs ? ON_TIME : LATE;
        }
        return atMs > dueMs ? LATE : null;
    }

    private record Key(String kind, String outcome) {

        static final Comparator<Key> ORDER = Comparator.comparing(Key::kind).thenComparing(Key::outcome);
    }

    /** What a batch closed. */
    static final class Changes {

        // in one order, so that two writers (a projection of several segments) lock the rows in the same order
        private final Map<Key, Long> deltas = new TreeMap<>(Key.ORDER);

        /** An item of {@code kind} closed with {@code outcome} (null: neither, not counted). */
        void add(String kind, String outcome) {
            if (outcome != null) {
                deltas.merge(new Key(kind, outcome), 1L, Long::sum);
            }
        }

        /** Queues the additions: each row made to exist, then added to. */
        void write(ProjectionBatch batch, TableNames tables) {
            ROWS.write(batch, tables, deltas.entrySet().stream()
                    .map(e -> new TallyRows.Change(new Object[]{e.getKey().kind(), e.getKey().outcome()}, e.getValue())).toList());
        }
    }
}
