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

/**
 * The funnel over all history from tallies of {@code funnel_lead} instead of reading every lead:
 * {@code funnel_tally} counts the leads per current stage and set of stages reached ({@link #bit}: one bit per
 * stage but INQUIRY_RECEIVED); {@code won_tally} counts the leads won now (in WON or AFTER_SALES) and sums their
 * final value per day of their time to win ({@code funnel_lead.win_span_ms}: last win less registration) and
 * currency, so that the median time to win is read at its rank in the day that holds it
 * ({@code funnel_lead_win_span_idx}). Kept by the projection by what each batch changed; a rebuild counts its
 * fresh tables once filled.
 * <p>
 * The funnel of one calendar month (UTC) from the same counts of each lead as it stood at the end of the month it
 * was registered in ({@link #cohortEnd}, {@code funnel_lead.cohort_end_ms}; its state then in the
 * {@code month_end_*} columns): {@code funnel_month_tally} and {@code won_month_tally}, per cohort. A lead's events
 * come in the order of their business times, so its state at the month's end is its state after its last event by
 * then: it changes while the lead's events are no later than that, and never after.
 */
public final class FunnelTally {

    public static final long DAY_MS = 86_400_000L;

    private static final TallyRows LEADS = new TallyRows("funnel_tally", List.of("stage varchar(30)", "reached integer"),
            "leads", List.of());
    private static final TallyRows WON = new TallyRows("won_tally", List.of("win_day bigint", "value_currency varchar(3)"),
            "leads", List.of("value_sum"));

    private static final TallyRows MONTH_LEADS = new TallyRows("funnel_month_tally",
            List.of("cohort_end_ms bigint", "stage varchar(30)", "reached integer"), "leads", List.of());
    private static final TallyRows MONTH_WON = new TallyRows("won_month_tally",
            List.of("cohort_end_ms bigint", "value_currency varchar(3)"), "leads", List.of("value_sum"));

    private FunnelTally() {
    }

    /** The end of the cohort of a lead registered at {@code registeredMs}: the first instant of the next month, UTC. */
    public static long cohortEnd(long registeredMs) {
        return Months.nextStart(registeredMs);
    }

    /** The bit of a stage reached in {@code funnel_tally.reached} (none for INQUIRY_RECEIVED: every lead's first). */
    public static int bit(Stage stage) {
        return stage == Stage.INQUIRY_RECEIVED ? 0 : 1 << (stage.ordinal() - 1);
    }

    /** The day of a time to win (0 for anything shorter than a day): the same arithmetic as V3_35's SQL. */
    public static long winDay(long spanMs) {
        return spanMs < 0 ? 0 : spanMs / DAY_MS;
    }

    /** The first instant of a day of {@link #winDay} (none for day 0: it holds every shorter time too). */
    public static long winDayStart(long day) {
        return day == 0 ? Long.MIN_VALUE : day * DAY_MS;
    }

    /**
     * A lead's funnel row as the tallies count it: its stage now, the stages it reached, its time to win while it
     * is won (else null), its final value.
     */
    record State(Stage stage, int reached, Long winSpanMs, Money wonValue) {

        /** As the statements of {@code StageVisitStore} change the row when the lead enters {@code entered}. */
        State entered(Stage entered, long at, long registeredMs, Money value) {
            int nowReached = reached | bit(entered);
            if (entered == Stage.WON) {
                return new State(entered, nowReached, at - registeredMs, value);
            }
            return new State(entered, nowReached, entered == Stage.AFTER_SALES ? winSpanMs : null, wonValue);
        }

        boolean won() {
            return winSpanMs != null;
        }
    }

    private record Key(String stage, int reached) {

        static final Comparator<Key> ORDER = Comparator.comparing(Key::stage).thenComparingInt(Key::reached);
    }

    private record WonKey(long day, String currency) {

        static final Comparator<WonKey> ORDER = Comparator.comparingLong(WonKey::day).thenComparing(WonKey::currency);
    }

    private record MonthKey(long cohortEnd, String stage, int reached) {

        static final Comparator<MonthKey> ORDER = Comparator.comparingLong(MonthKey::cohortEnd)
                .thenComparing(MonthKey::stage).thenComparingInt(MonthKey::reached);
    }

    private record MonthWonKey(long cohortEnd, String currency) {

        static final Comparator<MonthWonKey> ORDER = Comparator.comparingLong(MonthWonKey::cohortEnd).thenComparing(MonthWonKey::currency);
    }

    private record Won(long leads, BigDecimal value) {

        Won plus(Won other) {
            return new Won(leads + other.leads, value.add(other.value));
        }
    }

    /** What a batch changed: per row, leads (and value) added, negative taken away. */
    static final class Changes {

        // in one order, so that two writers (a projection of several segments) lock the rows in the same order
        private final Map<Key, Long> leads = new TreeMap<>(Key.ORDER);
        private final Map<WonKey, Won> won = new TreeMap<>(WonKey.ORDER);
        private final Map<MonthKey, Long> monthLeads = new TreeMap<>(MonthKey.ORDER);
        private final Map<MonthWonKey, Won> monthWon = new TreeMap<>(MonthWonKey.ORDER);

        void add(State state) {
            change(state, 1);
        }

        void remove(State state) {
            change(state, -1);
        }

        /** A lead of the cohort that ends at {@code cohortEnd}, as it stood then. */
        void addMonthEnd(long cohortEnd, State state) {
            changeMonthEnd(cohortEnd, state, 1);
        }

        void removeMonthEnd(long cohortEnd, State state) {
            changeMonthEnd(cohortEnd, state, -1);
        }

        private void changeMonthEnd(long cohortEnd, State state, int sign) {
            monthLeads.merge(new MonthKey(cohortEnd, state.stage().name(), state.reached()), (long) sign, Long::sum);
            if (state.won()) {
                Money value = state.wonValue();
                BigDecimal amount = value == null ? BigDecimal.ZERO : value.amount();
                monthWon.merge(new MonthWonKey(cohortEnd, value == null ? "" : value.currency()),
                        new Won(sign, sign < 0 ? amount.negate() : amount), Won::plus);
            }
        }

        private void change(State state, int sign) {
            leads.merge(new Key(state.stage().name(), state.reached()), (long) sign, Long::sum);
            if (state.won()) {
                Money value = state.wonValue();
                BigDecimal amount = value == null ? BigDecimal.ZERO : value.amount();
                won.merge(new WonKey(winDay(state.winSpanMs()), value == null ? "" : value.currency()),
                        new Won(sign, sign < 0 ? amount.negate() : amount), Won::plus);
            }
        }

        /** Queues the changes: a row gaining leads made to exist, every changed row added to, a row left empty gone. */
        void write(ProjectionBatch batch, TableNames tables) {
            LEADS.write(batch, tables, leads.entrySet().stream()
                    .map(e -> new TallyRows.Change(new Object[]{e.getKey().stage(), e.getKey().reached()}, e.getValue())).toList());
            WON.write(batch, tables, won.entrySet().stream().map(e -> new TallyRows.Change(
                    new Object[]{e.getKey().day(), e.getKey().currency()}, e.getValue().leads(), e.getValue().value())).toList());
            MONTH_LEADS.write(batch, tables, monthLeads.entrySet().stream().map(e -> new TallyRows.Change(
                    new Object[]{e.getKey().cohortEnd(), e.getKey().stage(), e.getKey().reached()}, e.getValue())).toList());
            MONTH_WON.write(batch, tables, monthWon.entrySet().stream().map(e -> new TallyRows.Change(
                    new Object[]{e.getKey().cohortEnd(), e.getKey().currency()}, e.getValue().leads(), e.getValue().value())).toList());
        }
    }
}
