package io.salespipeline.query.visits;

import io.salespipeline.events.Stage;
import io.salespipeline.query.projection.ProjectionBatch;
import io.salespipeline.query.projection.TableNames;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code duration_tally}: the completed visits counted, and their lengths summed, per stage and length bucket
 * ({@link #bucket}, also {@code stage_visit.duration_bucket}). Time in stage over all history reads these few
 * rows for the counts and means, and for a percentile the bucket that holds its rank, then that rank's length from
 * {@code stage_visit_duration_idx} (stage, bucket, length): a few index entries instead of sorting every completed
 * visit (at 100,000 leads 348,000 per request). A visit completes once, so the tally only grows: the projection
 * adds what each batch completed, in the same transaction as the visits; a rebuild counts its fresh tables once
 * filled.
 * <p>
 * The same per calendar month of exit ({@link Months}; {@code stage_visit.exited_month}): {@code duration_month_tally}
 * (month, stage, bucket), time in stage of one month, its percentiles read in {@code stage_visit_exited_month_idx}
 * (stage, month, bucket, length); and {@code entry_exit_tally} (stage, week of entry, month of exit): the visits open
 * at a month's first instant that have ended since are those of the weeks before it that ended in it or later.
 */
public final class DurationTally {

    private static final long TEN_MINUTES = 600_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    private static final long WEEK = 7 * DAY;

    private static final TallyRows ROWS = new TallyRows("duration_tally", List.of("stage varchar(30)", "duration_bucket integer"),
            "visits", List.of("duration_sum"));
    private static final TallyRows MONTH_ROWS = new TallyRows("duration_month_tally",
            List.of("exited_month integer", "stage varchar(30)", "duration_bucket integer"), "visits", List.of("duration_sum"));
    private static final TallyRows ENTRY_EXIT_ROWS = new TallyRows("entry_exit_tally",
            List.of("stage varchar(30)", "entered_week bigint", "exited_month integer"), "visits", List.of());

    private DurationTally() {
    }

    /**
     * The bucket of a visit's length: ten minutes wide below a day, an hour below a week, a day beyond (so that
     * no bucket holds many visits, and a stage has a few hundred at most); -1 for a negative length. Never
     * decreasing with the length, and the same integer arithmetic as the SQL of V3_32 and
     * {@code stage-visits.rebuilt.sql}.
     */
    public static int bucket(long lengthMs) {
        if (lengthMs < 0) {
            return -1;
        }
        if (lengthMs < DAY) {
            return (int) (lengthMs / TEN_MINUTES);
        }
        if (lengthMs < WEEK) {
            return (int) (144 + (lengthMs - DAY) / HOUR);
        }
        return (int) Math.min(Integer.MAX_VALUE, 288 + (lengthMs - WEEK) / DAY);
    }

    private record Key(String stage, int bucket) {

        static final Comparator<Key> ORDER = Comparator.comparing(Key::stage).thenComparingInt(Key::bucket);
    }

    private record MonthKey(int month, String stage, int bucket) {

        static final Comparator<MonthKey> ORDER = Comparator.comparingInt(MonthKey::month).thenComparing(MonthKey::stage)
                .thenComparingInt(MonthKey::bucket);
    }

    private record EntryExitKey(String stage, long week, int month) {

        static final Comparator<EntryExitKey> ORDER = Comparator.comparing(EntryExitKey::stage).thenComparingLong(EntryExitKey::week)
                .thenComparingInt(EntryExitKey::month);
    }

    private record Delta(long visits, long lengthMs) {

        Delta plus(Delta other) {
            return new Delta(visits + other.visits, lengthMs + other.lengthMs);
        }
    }

    /** What a batch added. */
    static final class Changes {

        // in one order, so that two writers (a projection of several segments) lock the rows in the same order
        private final Map<Key, Delta> deltas = new TreeMap<>(Key.ORDER);
        private final Map<MonthKey, Delta> months = new TreeMap<>(MonthKey.ORDER);
        private final Map<EntryExitKey, Long> entryExits = new TreeMap<>(EntryExitKey.ORDER);

        /** A visit of {@code stage} entered at {@code enteredMs} completed at {@code exitedMs}. */
        void add(Stage stage, long enteredMs, long exitedMs) {
            long lengthMs = exitedMs - enteredMs;
            deltas.merge(new Key(stage.name(), bucket(lengthMs)), new Delta(1, lengthMs), Delta::plus);
            Integer month = Months.of(exitedMs);
            if (month != null) {
                months.merge(new MonthKey(month, stage.name(), bucket(lengthMs)), new Delta(1, lengthMs), Delta::plus);
                entryExits.merge(new EntryExitKey(stage.name(), EntryTally.week(enteredMs), month), 1L, Long::sum);
            }
        }

        /** Queues the additions: each row made to exist, then added to. */
        void write(ProjectionBatch batch, TableNames tables) {
            ROWS.write(batch, tables, deltas.entrySet().stream().map(e -> new TallyRows.Change(
                    new Object[]{e.getKey().stage(), e.getKey().bucket()}, e.getValue().visits(), e.getValue().lengthMs())).toList());
            MONTH_ROWS.write(batch, tables, months.entrySet().stream().map(e -> new TallyRows.Change(
                    new Object[]{e.getKey().month(), e.getKey().stage(), e.getKey().bucket()}, e.getValue().visits(),
                    e.getValue().lengthMs())).toList());
            ENTRY_EXIT_ROWS.write(batch, tables, entryExits.entrySet().stream().map(e -> new TallyRows.Change(
                    new Object[]{e.getKey().stage(), e.getKey().week(), e.getKey().month()}, e.getValue())).toList());
        }
    }
}
