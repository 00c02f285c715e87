package io.salespipeline.query.visits;

import io.salespipeline.events.Money;
import io.salespipeline.events.Stage;
import io.salespipeline.query.projection.ProjectionBatch;
import io.salespipeline.query.projection.TableNames;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code loss_tally}: the open visits of LOST and DISQUALIFIED (the leads lost or disqualified now) counted, and
 * their value summed, per way of grouping (API.md, lost reasons' {@code groupBy}: all but the owner, who is asked
 * of {@code lead_owner_period}), key and currency. Lost reasons over all history read these few rows and correct
 * them, by index ranges, for the visits that began after the window's end or ended after it, instead of reading
 * every loss (at 100,000 leads 56,000 rows per request). The projection keeps it by what each batch opened and
 * closed, in the same transaction as the visits; a rebuild counts its fresh tables once filled.
 */
public final class LossTally {

    /** The stages whose visits it counts. */
    public static final List<Stage> STAGES = List.of(Stage.LOST, Stage.DISQUALIFIED);

    /** Each way of grouping it keeps: its name ({@code group_by}, as in the API) and a visit's key (null: none). */
    public static final Map<String, Function<StageVisitStore.Visit, String>> GROUPINGS = groupings();

    private static Map<String, Function<StageVisitStore.Visit, String>> groupings() {
        Map<String, Function<StageVisitStore.Visit, String>> groupings = new TreeMap<>();
        groupings.put("reason", StageVisitStore.Visit::reason);
        groupings.put("stage", v -> v.fromStage() == null ? null : v.fromStage().name());
        groupings.put("source", v -> v.source().name());
        groupings.put("month", v -> StageVisitStore.month(v.enteredAt()));
        groupings.put("competitor", StageVisitStore.Visit::competitor);
        return Map.copyOf(groupings);
    }

    private static final TallyRows ROWS = new TallyRows("loss_tally", List.of("stage varchar(30)", "group_by varchar(20)",
            "has_key boolean", "group_key varchar(300)", "value_currency varchar(3)"), "visits", List.of("value_sum"));

    private LossTally() {
    }

    private record Key(String stage, String groupBy, boolean hasKey, String groupKey, String currency) {

        static final Comparator<Key> ORDER = Comparator.comparing(Key::stage).thenComparing(Key::groupBy)
                .thenComparing(Key::hasKey).thenComparing(Key::groupKey).thenComparing(Key::currency);

        Object[] values() {
            return new Object[]{stage, groupBy, hasKey, groupKey, currency};
        }
    }

    private record Delta(long visits, BigDecimal value) {

        Delta plus(Delta other) {
            return new Delta(visits + other.visits, value.add(other.value));
        }
    }

    /** What a batch changed: per row, visits and value added (negative: taken away). */
    static final class Changes {

        // in one order, so that two writers (a projection of several segments) lock the rows in the same order
        private final Map<Key, Delta> deltas = new TreeMap<>(Key.ORDER);

        /** A visit opened (and still open at the end of the batch): counted if it is a loss or a disqualification. */
        void add(StageVisitStore.Visit visit) {
            if (STAGES.contains(visit.stage())) {
                change(visit, 1);
            }
        }

        /** A loss or disqualification written before this batch ended in it (the lead was reopened). */
        void remove(StageVisitStore.Visit visit) {
            change(visit, -1);
        }

        private void change(StageVisitStore.Visit visit, int sign) {
            Money value = visit.value();
            BigDecimal amount = value == null ? BigDecimal.ZERO : value.amount();
            Delta delta = new Delta(sign, sign < 0 ? amount.negate() : amount);
            String currency = value == null ? "" : value.currency();
            GROUPINGS.forEach((groupBy, key) -> {
                String groupKey = key.apply(visit);
                deltas.merge(new Key(visit.stage().name(), groupBy, groupKey != null, groupKey == null ? "" : groupKey, currency),
                        delta, Delta::plus);
            });
        }

        /** Queues the changes: a row gaining visits made to exist, every changed row added to, a row left empty gone. */
        void write(ProjectionBatch batch, TableNames tables) {
            ROWS.write(batch, tables, deltas.entrySet().stream()
                    .map(e -> new TallyRows.Change(e.getKey().values(), e.getValue().visits(), e.getValue().value())).toList());
        }
    }
}
