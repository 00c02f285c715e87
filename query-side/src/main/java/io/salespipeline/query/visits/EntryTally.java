package io.salespipeline.query.visits;

import io.salespipeline.query.projection.ProjectionBatch;
import io.salespipeline.query.projection.TableNames;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code entry_tally}: the leads' current states ({@code visit_lead}) counted per stage and week of entry into it
 * ({@link #week}). The median age of the visits open now (time in stage over all history) is the entry at the
 * median's rank: found in the week that holds it, then read in {@code visit_lead_stage_entered_idx} (stage, entry)
 * from that week's start, instead of from the first lead of the stage (at 100,000 leads, 45,000 lost leads: half of
 * them read per request). Kept by the projection with {@link LeadTally}, by what each batch changed; a rebuild
 * counts its fresh tables once filled.
 */
public final class EntryTally {

    public static final long WEEK_MS = 604_800_000L;

    private static final TallyRows ROWS = new TallyRows("entry_tally", List.of("stage varchar(30)", "entered_week bigint"),
            "leads", List.of());

    private EntryTally() {
    }

    /** The week of an entry (0 for every entry before 1970's second week): the same arithmetic as V3_33's SQL. */
    public static long week(long enteredMs) {
        return enteredMs < 0 ? 0 : enteredMs / WEEK_MS;
    }

    /** The first instant of {@code week} (none for week 0: it holds every earlier entry too). */
    public static long weekStart(long week) {
        return week == 0 ? Long.MIN_VALUE : week * WEEK_MS;
    }

    private record Key(String stage, long week) {

        static final Comparator<Key> ORDER = Comparator.comparing(Key::stage).thenComparingLong(Key::week);
    }

    /** What a batch changed: per row, leads added (negative: taken away). */
    static final class Changes {

        // in one order, so that two writers (a projection of several segments) lock the rows in the same order
        private final Map<Key, Long> deltas = new TreeMap<>(Key.ORDER);

        void add(StageVisitStore.LeadState lead) {
            deltas.merge(key(lead), 1L, Long::sum);
        }

        void remove(StageVisitStore.LeadState lead) {
            deltas.merge(key(lead), -1L, Long::sum);
        }

        private static Key key(StageVisitStore.LeadState lead) {
            return new Key(lead.stage().name(), week(lead.board().stageEnteredAt().toEpochMilli()));
        }

        /** Queues the changes: a row gaining leads made to exist, every changed row added to, a row left empty gone. */
        void write(ProjectionBatch batch, TableNames tables) {
            ROWS.write(batch, tables, deltas.entrySet().stream()
                    .map(e -> new TallyRows.Change(new Object[]{e.getKey().stage(), e.getKey().week()}, e.getValue())).toList());
        }
    }
}
