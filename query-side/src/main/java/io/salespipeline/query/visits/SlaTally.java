package io.salespipeline.query.visits;

import io.salespipeline.events.Stage;
import io.salespipeline.query.projection.ProjectionBatch;
import io.salespipeline.query.projection.TableNames;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sla_tally}: the SLA items that closed, counted per kind, outcome (kept on time or late), day of their
 * deadline ({@link #day}, UTC) and {@link #itemDay item day}. The kinds: the
 * offer promises (visits of OFFER_PREPARATION whose deadline the preparation set: kept when the offer went by it),
 * the first follow-ups (visits of OFFER_SENT whose deadline the offer set: kept when the follow-up came by it)
 * and the follow-up rhythm's items ({@code follow_up_due}: kept when the next follow-up came by the due time). An
 * item closes when its visit ends, or the rhythm's item when the next follow-up comes or its visit ends, whichever
 * is first; its outcome is then fixed (an item that ended before its deadline without being kept is neither).
 * <p>
 * The SLA report of a window without filters sums the rows of the whole days in it and reads the rest by index
 * ranges: the items due in the window's partial first and last day, and the open items due in it (late), instead
 * of reading every item due in the window (at 100,000 leads, over all history 144,000 visits and 199,000 rhythm
 * items per request; a month 9,000 offers, 9,000 first follow-ups and 17,000 rhythm items). An item counts as of
 * the window's end only if it had begun by then (its visit entered, its contact made): the item day, the later of
 * the deadline's day and the beginning's, tells which rows hold only such items (item day before the end's day);
 * where a row of the end's own day holds items (begun after their deadline, as old logs hold), that kind is read
 * item by item over the window. The
 * projection
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

    public static final long DAY_MS = 86_400_000L;

    private static final TallyRows ROWS = new TallyRows("sla_tally",
            List.of("kind varchar(30)", "outcome varchar(10)", "due_day bigint", "item_day bigint"), "items", List.of());

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

    /** The day (UTC, days since 1970-01-01, before it negative) of an instant in milliseconds: V3_37's SQL. */
    public static long day(long ms) {
        return Math.floorDiv(ms, DAY_MS);
    }

    /**
     * The item day of an item due at {@code dueMs} that began at {@code beganMs} (its visit entered, or the contact
     * that set it): the day of the later of the two. An item of item day d began before day d + 1.
     */
    public static long itemDay(long dueMs, long beganMs) {
        return day(Math.max(dueMs, beganMs));
    }

    private record Key(String kind, String outcome, long dueDay, long itemDay) {

        static final Comparator<Key> ORDER = Comparator.comparing(Key::kind).thenComparing(Key::outcome)
                .thenComparingLong(Key::dueDay).thenComparingLong(Key::itemDay);
    }

    /** What a batch closed. */
    static final class Changes {

        // in one order, so that two writers (a projection of several segments) lock the rows in the same order
        private final Map<Key, Long> deltas = new TreeMap<>(Key.ORDER);

        /**
         * An item of {@code kind} due at {@code dueMs}, begun at {@code beganMs}, closed with {@code outcome} (null:
         * neither, not counted).
         */
        void add(String kind, String outcome, Long dueMs, long beganMs) {
            if (outcome != null) {
                deltas.merge(new Key(kind, outcome, day(dueMs), itemDay(dueMs, beganMs)), 1L, Long::sum);
            }
        }

        /** Queues the additions: each row made to exist, then added to. */
        void write(ProjectionBatch batch, TableNames tables) {
            ROWS.write(batch, tables, deltas.entrySet().stream()
                    .map(e -> new TallyRows.Change(new Object[]{e.getKey().kind(), e.getKey().outcome(),
                            e.getKey().dueDay(), e.getKey().itemDay()}, e.getValue())).toList());
        }
    }
}
