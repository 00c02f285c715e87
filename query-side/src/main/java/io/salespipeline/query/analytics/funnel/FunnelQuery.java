package io.salespipeline.query.analytics.funnel;

import io.salespipeline.events.Stage;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.analytics.Ranks;
import io.salespipeline.query.analytics.WholeHistory;
import io.salespipeline.query.visits.Amounts;
import io.salespipeline.query.visits.FunnelTally;
import io.salespipeline.query.visits.Months;
import io.salespipeline.query.visits.StageVisitStore;
import org.springframework.jdbc.core.namedparam.EmptySqlParameterSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The SQL of the funnel: the cohort registered in the window and what became of it by the window's end, from
 * {@code funnel_lead} (one row per lead): a lead reached a stage by {@code :to} when it first entered it by
 * then; its stage at {@code :to} is its current one if that began by then, else for a lead that passed each stage
 * once ({@code one_pass}) the stage it first entered last by then, else the visit of {@code stage_visit} open at
 * {@code :to}; likewise its last win by {@code :to}. Over all history, from the tallies
 * of the leads as they are now ({@link FunnelTally}); of one calendar month without filters, from the tallies of the
 * leads as they stood at its end.
 */
@Repository
class FunnelQuery {

    /** The stages with a first-entry column (INQUIRY_RECEIVED: the registration, every lead of the cohort). */
    private static final List<Stage> MILESTONES = Arrays.stream(Stage.values()).filter(s -> s != Stage.INQUIRY_RECEIVED).toList();

    /** Each first entry up to {@code :to}, else the registration: the greatest is the entry the lead was in then. */
    private static final String REACHED_BY = MILESTONES.stream().map(s -> "case when f." + StageVisitStore.reachedColumn(s)
            + " <= :to then f." + StageVisitStore.reachedColumn(s) + " else f.registered_ms end").collect(Collectors.joining(", "));

    /** The stage of that entry (first entries of a one-pass lead are all distinct). */
    private static final String FIRST_ENTERED_LAST = MILESTONES.stream().map(s -> " when f." + StageVisitStore.reachedColumn(s)
            + " then '" + s.name() + "'").collect(Collectors.joining());

    /** Per stage, the leads that had reached it by {@code :to}; and the same columns empty, for the other parts. */
    private static final String REACHED_COUNTS = MILESTONES.stream().map(s -> ", sum(case when c." + StageVisitStore.reachedColumn(s)
            + " <= :to then 1 else 0 end) as " + StageVisitStore.reachedColumn(s)).collect(Collectors.joining());
    private static final String NO_COUNTS = MILESTONES.stream().map(s -> ", cast(null as bigint) as " + StageVisitStore.reachedColumn(s))
            .collect(Collectors.joining());

    /**
     * The cohort: registered in the window, of the source and pipeline, owned at registration by the owner given;
     * with each lead's stage at {@code :to} ({@code stage_then}): its current one if that began by then
     * ({@code current_then}); else, for a lead that passed each stage once ({@code one_pass}), the stage it first
     * entered last by then (its row's first entries, all distinct: a case on the greatest of those by then); else
     * the visit of {@code stage_visit} open at {@code :to}, a lookup for the few others (7 % of a month's cohort at
     * 100,000 leads, where a lookup for every lead whose current stage began later was 6,600 of 13,000).
     */
    private static String cohort(Filters filters) {
        return """
                with cohort as (
                    select f.*,
                           case when f.stage_entered_ms <= :to then 1 else 0 end as current_then,
                           case when f.stage_entered_ms <= :to then f.stage
                                when f.one_pass then (case greatest(f.registered_ms, %s)%s else 'INQUIRY_RECEIVED' end)
                                else (select v.stage from stage_visit v where v.lead_id = f.lead_id and v.entered_ms <= :to
                                        and (v.exited_ms is null or v.exited_ms > :to)) end as stage_then
                    from funnel_lead f
                    where f.registered_ms >= :from and f.registered_ms < :to""".formatted(REACHED_BY, FIRST_ENTERED_LAST)
                + filters.where("f", "f.registered_ms") + """
                )
                """;
    }

    /** What the funnel counts of a cohort, as of the window's end. */
    record Cohort(long leads, Map<Stage, Long> reached, Map<Stage, Long> stageNow, Double medianDaysToWin,
                  Map<String, String> wonValue) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final WholeHistory wholeHistory;
    private final Ranks ranks;

    FunnelQuery(NamedParameterJdbcTemplate jdbc, WholeHistory wholeHistory, Ranks ranks) {
        this.jdbc = jdbc;
        this.wholeHistory = wholeHistory;
        this.ranks = ranks;
    }

    /**
     * Every lead, as it is now ({@link WholeHistory}): per stage, and per stage reached, from {@code funnel_tally};
     * the won leads' values per currency from {@code won_tally}, and their median time to win read at its rank in
     * the day (of {@code won_tally}) that holds it ({@code funnel_lead_win_span_idx}).
     */
    private Cohort cohortFromTallies() {
        Map<Stage, Long> reached = new EnumMap<>(Stage.class);
        Map<Stage, Long> now = new EnumMap<>(Stage.class);
        countTallied("select stage, reached, leads from funnel_tally where leads > 0", EmptySqlParameterSource.INSTANCE, reached, now);
        long leads = now.values().stream().mapToLong(Long::longValue).sum();
        Double medianDays = null;
        Map<String, String> wonValue = new TreeMap<>();
        if (now.containsKey(Stage.WON) || now.containsKey(Stage.AFTER_SALES)) {
            List<Ranks.Bucket> days = new ArrayList<>();
            Map<String, BigDecimal> values = new TreeMap<>();
            jdbc.query("select win_day, value_currency, leads, value_sum from won_tally where leads > 0"
                    + " order by win_day, value_currency", EmptySqlParameterSource.INSTANCE, rs -> {
                long day = rs.getLong("win_day");
                long won = rs.getLong("leads");
                Ranks.Bucket last = days.isEmpty() ? null : days.get(days.size() - 1);
                if (last != null && last.bucket() == day) {
                    days.set(days.size() - 1, new Ranks.Bucket(day, last.rows() + won));
                } else {
                    days.add(new Ranks.Bucket(day, won));
                }
                String currency = rs.getString("value_currency");
                if (!currency.isEmpty()) {
                    values.merge(currency, rs.getBigDecimal("value_sum"), BigDecimal::add);
                }
            });
            medianDays = medianDays(ranks.reading("select f.win_span_ms from funnel_lead f where f.win_span_ms >= $bucket"
                    + " order by f.win_span_ms", FunnelTally::winDayStart), days);
            values.forEach((currency, sum) -> wonValue.put(currency, Amounts.normalized(sum).toPlainString()));
        }
        return new Cohort(leads, reached, now, medianDays, wonValue);
    }

    /** Adds the leads of a tally's rows (stage, reached, leads) to the stages they are in and the stages they reached. */
    private void countTallied(String sql, SqlParameterSource params,
                              Map<Stage, Long> reached, Map<Stage, Long> now) {
        jdbc.query(sql, params, rs -> {
            long leads = rs.getLong("leads");
            int bits = rs.getInt("reached");
            now.merge(Stage.valueOf(rs.getString("stage")), leads, Long::sum);
            reached.merge(Stage.INQUIRY_RECEIVED, leads, Long::sum);
            for (Stage stage : MILESTONES) {
                if ((bits & FunnelTally.bit(stage)) != 0) {
                    reached.merge(stage, leads, Long::sum);
                }
            }
        });
    }

    /**
     * The cohort of one calendar month as it stood at the month's end ({@code cohortEnd}), from the tallies of each
     * lead's state then ({@link FunnelTally}): per stage and stages reached from {@code funnel_month_tally}, the won
     * leads' values per currency from {@code won_month_tally}, their median time to win read at its rank among the
     * cohort's ({@code funnel_lead_cohort_win_span_idx}: cohort end, time to win then).
     */
    private Cohort cohortFromMonthTallies(long cohortEnd) {
        Map<Stage, Long> reached = new EnumMap<>(Stage.class);
        Map<Stage, Long> now = new EnumMap<>(Stage.class);
        MapSqlParameterSource cohort = new MapSqlParameterSource("end", cohortEnd);
        countTallied("select stage, reached, leads from funnel_month_tally where cohort_end_ms = :end and leads > 0", cohort, reached, now);
        long leads = now.values().stream().mapToLong(Long::longValue).sum();
        long[] won = {0};
        Map<String, String> wonValue = new TreeMap<>();
        jdbc.query("select value_currency, leads, value_sum from won_month_tally where cohort_end_ms = :end and leads > 0"
                + " order by value_currency", cohort, rs -> {
            won[0] += rs.getLong("leads");
            String currency = rs.getString("value_currency");
            if (!currency.isEmpty()) {
                wonValue.put(currency, Amounts.normalized(rs.getBigDecimal("value_sum")).toPlainString());
            }
        });
        Double medianDays = won[0] == 0 ? null : medianDays(ranks.reading("select f.month_end_win_span_ms from funnel_lead f"
                + " where f.cohort_end_ms = $bucket and f.month_end_win_span_ms is not null order by f.month_end_win_span_ms",
                bucket -> bucket), List.of(new Ranks.Bucket(cohortEnd, won[0])));
        return new Cohort(leads, reached, now, medianDays, wonValue);
    }

    /** The median time to win in days of the won leads counted in {@code buckets}, read at its ranks in {@code spans}. */
    private static double medianDays(Ranks.Reading spans, List<Ranks.Bucket> buckets) {
        long n = buckets.stream().mapToLong(Ranks.Bucket::rows).sum();
        int lower = spans.at("won", buckets, Ranks.lower(0.5, n));
        int upper = spans.at("won", buckets, Ranks.upper(0.5, n));
        long[] ms = spans.read();
        // in days, as the statement's (won_ms - registered_ms) / 86400000.0
        return Ranks.percentileCont(0.5, n, ms[lower] / 86_400_000.0, ms[upper] / 86_400_000.0);
    }

    /**
     * Whether every lead's row has its cohort's end (V3_42 gave none to a lead registered before 1970), so that the
     * month tallies count every lead.
     */
    private boolean cohortsKnown() {
        Long unknown = jdbc.queryForObject("select count(*) from (select 1 from funnel_lead f where f.cohort_end_ms is null"
                + " fetch first 1 rows only) x", EmptySqlParameterSource.INSTANCE, Long.class);
        return unknown != null && unknown == 0;
    }

    Cohort cohort(AnalyticsWindow window, Filters filters) {
        if (wholeHistory.answersFromTallies(window, filters)) {
            return cohortFromTallies();
        }
        if (filters.none() && Months.exactly(window.fromMs(), window.toMs()) != null && cohortsKnown()) {
            return cohortFromMonthTallies(window.toMs());
        }
        MapSqlParameterSource params = filters.bind(new MapSqlParameterSource("from", window.fromMs()).addValue("to", window.toMs()));
        // the leads won as of :to (in WON or AFTER_SALES then): their last win by then. Only a lead that first won by
        // :to can be either then (AFTER_SALES follows WON, business times never go back), and that test is a column;
        // a lead won once has its win and its value in its row (last_won_ms, won_amount): the visits are looked up
        // for the others alone
        String won = """
                , won as (
                    select c.registered_ms,
                           case when c.current_then = 1 or c.one_pass then c.last_won_ms
                                else (select max(v.entered_ms) from stage_visit v
                                      where v.lead_id = c.lead_id and v.stage = 'WON' and v.entered_ms <= :to) end as won_ms,
                           case when c.current_then = 1 or c.one_pass then c.won_amount
                                else (select v.value_amount from stage_visit v where v.lead_id = c.lead_id and v.visit_no =
                                          (select max(x.visit_no) from stage_visit x
                                           where x.lead_id = c.lead_id and x.stage = 'WON' and x.entered_ms <= :to)) end as amount,
                           case when c.current_then = 1 or c.one_pass then c.won_currency
                                else (select v.value_currency from stage_visit v where v.lead_id = c.lead_id and v.visit_no =
                                          (select max(x.visit_no) from stage_visit x
                                           where x.lead_id = c.lead_id and x.stage = 'WON' and x.entered_ms <= :to)) end as currency
                    from cohort c where c.won_ms <= :to and c.stage_then in ('WON', 'AFTER_SALES')
                )
                """;
        // in one statement, the cohort read once: per stage at :to, how many leads and how many of them had reached
        // each stage by then; the median time to win and the final value per currency of the leads won as of :to
        Map<Stage, Long> reached = new EnumMap<>(Stage.class);
        Map<Stage, Long> now = new EnumMap<>(Stage.class);
        Number[] medianDays = {null};
        Map<String, String> wonValue = new TreeMap<>();
        jdbc.query(cohort(filters) + won + "select 1 as part, c.stage_then, cast(null as varchar(3)) as currency, count(*) as leads"
                + REACHED_COUNTS + ", cast(null as numeric(38, 4)) as won_value, cast(null as double precision) as median_days"
                + " from cohort c group by c.stage_then"
                + "\nunion all\n"
                + "select 2, null, null, null" + NO_COUNTS + ", null,"
                + " percentile_cont(0.5) within group (order by (w.won_ms - w.registered_ms) / 86400000.0) from won w"
                + "\nunion all\n"
                + "select 3, null, w.currency, null" + NO_COUNTS + ", sum(w.amount), null from won w where w.amount is not null"
                + " group by w.currency", params, rs -> {
            switch (rs.getInt("part")) {
                case 1 -> {
                    long leads = rs.getLong("leads");
                    now.merge(Stage.valueOf(rs.getString("stage_then")), leads, Long::sum);
                    reached.merge(Stage.INQUIRY_RECEIVED, leads, Long::sum);
                    for (Stage stage : MILESTONES) {
                        reached.merge(stage, rs.getLong(StageVisitStore.reachedColumn(stage)), Long::sum);
                    }
                }
                case 2 -> medianDays[0] = (Number) rs.getObject("median_days");
                default -> wonValue.put(rs.getString("currency"), Amounts.normalized(rs.getBigDecimal("won_value")).toPlainString());
            }
        });
        reached.values().removeIf(count -> count == 0);
        long leads = now.values().stream().mapToLong(Long::longValue).sum();
        return new Cohort(leads, reached, now, medianDays[0] == null ? null : medianDays[0].doubleValue(), wonValue);
    }
}
