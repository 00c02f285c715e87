package io.salespipeline.query.analytics.timeinstage;

import io.salespipeline.events.Stage;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.analytics.LongestVisits;
import io.salespipeline.query.analytics.Numbers;
import io.salespipeline.query.analytics.Ranks;
import io.salespipeline.query.analytics.WholeHistory;
import io.salespipeline.query.projection.Rows;
import io.salespipeline.query.visits.EntryTally;
import io.salespipeline.query.visits.Months;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.EmptySqlParameterSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SQL of time in stage: per stage, the completed visits that ended in the window (count, mean, median, 90th
 * percentile, max hours) and the visits open at its end (count, median age), percentiles by PostgreSQL's
 * {@code percentile_cont}. Over all history, from the tallies ({@code duration_tally}, {@code entry_tally}) and a few
 * index entries per percentile; over one calendar month without filters likewise, from the month's
 * ({@code duration_month_tally}, {@code entry_exit_tally}).
 */
@Repository
class TimeInStageQuery {

    /** Completed visits of one stage. */
    record Completed(long visits, Double meanHours, Double medianHours, Double p90Hours, Double maxHours) {
    }

    /** Visits of one stage open at the window's end. */
    record Open(long visits, Double medianAgeHours) {
    }

    private static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000);

    /**
     * Every stage, as an SQL list: with the stage named, {@code stage_visit_stage_exited_idx} (stage, exit, entry,
     * deadline) is read as one range of exits per stage and alone (an index-only scan, already in the order of the
     * groups), instead of every row of a visit that ended in the window (a month at 100,000 leads: 259 -> 31 ms).
     */
    private static final String EVERY_STAGE = " (" + Rows.literals(Arrays.stream(Stage.values())) + ") ";

    private final NamedParameterJdbcTemplate jdbc;
    private final Ranks ranks;
    private final LongestVisits longestVisits;
    private final WholeHistory wholeHistory;

    TimeInStageQuery(NamedParameterJdbcTemplate jdbc, Ranks ranks, LongestVisits longestVisits, WholeHistory wholeHistory) {
        this.jdbc = jdbc;
        this.ranks = ranks;
        this.longestVisits = longestVisits;
        this.wholeHistory = wholeHistory;
    }

    /** The visits open at the window's end: without filters from the tallies ({@link #openFromTallies}), else read. */
    Map<Stage, Open> openAt(AnalyticsWindow window, Filters filters) {
        return (filters.none() ? openFromTallies(window) : Optional.<Map<Stage, Open>>empty())
                .orElseGet(() -> open(window, filters));
    }

    /** The visits completed in the window: of one calendar month without filters from its tally ({@link #completedFromTally(Integer)}), else read. */
    Map<Stage, Completed> completed(AnalyticsWindow window, Filters filters) {
        Integer month = filters.none() ? Months.exactly(window.fromMs(), window.toMs()) : null;
        return month != null ? completedFromTally(month) : completedRead(window, filters);
    }

    private Map<Stage, Completed> completedRead(AnalyticsWindow window, Filters filters) {
        Map<Stage, Completed> byStage = new HashMap<>();
        // over whole milliseconds (bigint), not hours (numeric): the sort of the percentiles is the cost
        jdbc.query("""
                select stage, count(*) as visits, avg(ms) as mean_ms,
                       percentile_cont(0.5) within group (order by ms) as median_ms,
                       percentile_cont(0.9) within group (order by ms) as p90_ms, max(ms) as max_ms
                from (select v.stage, v.exited_ms - v.entered_ms as ms from stage_visit v
                      where v.stage in""" + EVERY_STAGE + """
                        and v.exited_ms >= :from and v.exited_ms < :to""" + filters.where("v", "v.exited_ms") + """
                     ) completed
                group by stage""", params(window, filters), rs -> {
            byStage.put(Stage.valueOf(rs.getString("stage")), new Completed(rs.getLong("visits"),
                    Numbers.hours(hours(rs.getBigDecimal("mean_ms"))), Numbers.hours(hours(percentile(rs, "median_ms"))),
                    Numbers.hours(hours(percentile(rs, "p90_ms"))), Numbers.hours(hours(rs.getBigDecimal("max_ms")))));
        });
        return byStage;
    }

    /**
     * Open at the window's end: not left yet, or left at or after it (two parts, each a range of the exit index).
     * The median age is {@code to} less the median entry time (the same interpolation, mirrored), so that the sort
     * is of the entry times as they are stored.
     */
    Map<Stage, Open> open(AnalyticsWindow window, Filters filters) {
        Map<Stage, Open> byStage = new HashMap<>();
        jdbc.query("""
                select stage, count(*) as visits, percentile_cont(0.5) within group (order by entered_ms) as median_entered_ms
                from (select v.stage, v.entered_ms from stage_visit v
                      where v.stage in""" + EVERY_STAGE + """
                        and v.exited_ms is null and v.entered_ms < :to""" + filters.where("v", ":to") + " " + """
                      union all
                      select v.stage, v.entered_ms from stage_visit v
                      where v.stage in""" + EVERY_STAGE + """
                        and v.exited_ms >= :to and v.entered_ms < :to""" + filters.where("v", ":to") + """
                     ) open_visits
                group by stage""", params(window, filters), rs -> {
            BigDecimal medianEntered = percentile(rs, "median_entered_ms");
            byStage.put(Stage.valueOf(rs.getString("stage")), new Open(rs.getLong("visits"),
                    Numbers.hours(medianEntered == null ? null : hours(BigDecimal.valueOf(window.toMs()).subtract(medianEntered)))));
        });
        return byStage;
    }

    /**
     * Every completed visit, per stage, from {@code duration_tally}: counts and means from its rows; each percentile
     * (and the max) the length at its rank, read in the bucket that holds the rank ({@code stage_visit_duration_idx}),
     * and interpolated as {@code percentile_cont} does.
     */
    Map<Stage, Completed> completedFromTally() {
        return completedFromTally(null);
    }

    /**
     * The visits completed in calendar month {@code month} ({@link Months}; null: all of them), per stage, from
     * {@code duration_month_tally} (else {@code duration_tally}) as {@link #completedFromTally()} reads the other: the
     * ranks in {@code stage_visit_exited_month_idx} (stage, month, bucket, length).
     */
    private Map<Stage, Completed> completedFromTally(Integer month) {
        Map<Stage, List<Ranks.Bucket>> byStage = new EnumMap<>(Stage.class);
        Map<Stage, Long> sums = new EnumMap<>(Stage.class);
        // a prepared statement (planned once per connection), its columns read by position: a few thousand rows
        jdbc.query("select stage, duration_bucket, visits, duration_sum from "
                        + (month == null ? "duration_tally where" : "duration_month_tally where exited_month = :month and")
                        + " visits > 0 order by stage, duration_bucket", new MapSqlParameterSource("month", month),
                rs -> {
                    Stage stage = Stage.valueOf(rs.getString(1));
                    byStage.computeIfAbsent(stage, k -> new ArrayList<>()).add(new Ranks.Bucket(rs.getLong(2), rs.getLong(3)));
                    sums.merge(stage, rs.getLong(4), Long::sum);
                });
        // the month a number of this statement (no parameter of the reading's)
        Ranks.Reading ranks = this.ranks.reading("select v.duration_ms from stage_visit v where v.stage = $group"
                + (month == null ? "" : " and v.exited_month = " + month.intValue())
                + " and v.duration_bucket = $bucket order by v.duration_ms", bucket -> bucket);
        Map<Stage, long[]> wanted = new EnumMap<>(Stage.class);
        byStage.forEach((stage, buckets) -> {
            long n = rows(buckets);
            Ranks.Bucket last = buckets.get(buckets.size() - 1);
            String group = stage.name();
            wanted.put(stage, new long[]{
                    ranks.at(group, buckets, Ranks.lower(0.5, n)), ranks.at(group, buckets, Ranks.upper(0.5, n)),
                    ranks.at(group, buckets, Ranks.lower(0.9, n)), ranks.at(group, buckets, Ranks.upper(0.9, n)),
                    ranks.at(group, List.of(last), last.rows() - 1)});
        });
        long[] lengths = ranks.read();
        Map<Stage, Completed> completed = new HashMap<>();
        byStage.forEach((stage, buckets) -> {
            long n = rows(buckets);
            long[] at = wanted.get(stage);
            completed.put(stage, new Completed(n,
                    Numbers.hours(BigDecimal.valueOf(sums.get(stage)).divide(BigDecimal.valueOf(n).multiply(MS_PER_HOUR), 2, RoundingMode.HALF_UP)),
                    Numbers.hours(hours(exact(Ranks.percentileCont(0.5, n, lengths[(int) at[0]], lengths[(int) at[1]])))),
                    Numbers.hours(hours(exact(Ranks.percentileCont(0.9, n, lengths[(int) at[2]], lengths[(int) at[3]])))),
                    Numbers.hours(hours(BigDecimal.valueOf(lengths[(int) at[4]])))));
        });
        return completed;
    }

    /**
     * The visits open at the window's end, per stage: the leads' current states, counted by {@code entry_tally} per
     * week of entry; the median entry read at its rank from the start of the week that holds it
     * ({@code visit_lead_stage_entered_idx}: stage, entry).
     */
    Map<Stage, Open> openFromTally(AnalyticsWindow window) {
        Map<Stage, List<Ranks.Bucket>> byStage = new EnumMap<>(Stage.class);
        jdbc.query("select stage, entered_week, leads from entry_tally where leads > 0 order by stage, entered_week",
                EmptySqlParameterSource.INSTANCE, rs -> {
                    byStage.computeIfAbsent(Stage.valueOf(rs.getString(1)), k -> new ArrayList<>())
                            .add(new Ranks.Bucket(rs.getLong(2), rs.getLong(3)));
                });
        Ranks.Reading ranks = this.ranks.reading("select s.stage_entered_ms from visit_lead s where s.stage = $group"
                + " and s.stage_entered_ms >= $bucket order by s.stage_entered_ms", EntryTally::weekStart);
        Map<Stage, long[]> wanted = new EnumMap<>(Stage.class);
        byStage.forEach((stage, weeks) -> {
            long n = rows(weeks);
            wanted.put(stage, new long[]{ranks.at(stage.name(), weeks, Ranks.lower(0.5, n)), ranks.at(stage.name(), weeks, Ranks.upper(0.5, n))});
        });
        long[] entries = ranks.read();
        Map<Stage, Open> open = new HashMap<>();
        byStage.forEach((stage, weeks) -> {
            long n = rows(weeks);
            long[] at = wanted.get(stage);
            BigDecimal medianEntered = exact(Ranks.percentileCont(0.5, n, entries[(int) at[0]], entries[(int) at[1]]));
            open.put(stage, new Open(n, Numbers.hours(hours(BigDecimal.valueOf(window.toMs()).subtract(medianEntered)))));
        });
        return open;
    }

    /**
     * The visits open at the window's end ({@code :to}), per stage, without sorting them: those open now that began
     * before it are the leads' current states, counted per week of entry by {@code entry_tally} (the weeks before the
     * end's) and in {@code visit_lead_stage_entered_idx} (the end's week, up to it); those that ended since are read
     * apart, counted per week of entry (per stage a range of {@code stage_visit_stage_exited_idx}: the exits up to the
     * stage's longest visit after the end, {@link LongestVisits}). The median entry is read at its
     * rank in the week that holds it, in both at once ({@code visit_lead_stage_entered_idx} and
     * {@code stage_visit_stage_entered_idx}, a week of each at most). When {@code :to} begins a calendar month, the
     * visits ended since are counted per week of entry by {@code entry_exit_tally} (the weeks before the end's) and
     * read for the end's week alone. The same answers as {@link #open} without filters ({@code OpenAtTest}). Empty when a current state has no entry time
     * (the tally's week is then the registration's): {@link #open} answers.
     */
    Optional<Map<Stage, Open>> openFromTallies(AnalyticsWindow window) {
        if (!wholeHistory.entriesKnown()) {
            return Optional.empty();
        }
        JdbcTemplate sql = jdbc.getJdbcTemplate();
        long to = window.toMs();
        long endWeek = EntryTally.week(to);
        Map<Stage, TreeMap<Long, Long>> weeks = new EnumMap<>(Stage.class);
        sql.query("select stage, entered_week, leads from entry_tally where leads > 0 and entered_week < ?", rs -> {
            weeks.computeIfAbsent(Stage.valueOf(rs.getString("stage")), k -> new TreeMap<>())
                    .merge(rs.getLong("entered_week"), rs.getLong("leads"), Long::sum);
        }, endWeek);
        sql.query("select s.stage, count(*) as leads from visit_lead s where s.stage in" + EVERY_STAGE
                + " and s.stage_entered_ms >= ? and s.stage_entered_ms < ? group by s.stage", rs -> {
            weeks.computeIfAbsent(Stage.valueOf(rs.getString("stage")), k -> new TreeMap<>())
                    .merge(endWeek, rs.getLong("leads"), Long::sum);
        }, EntryTally.weekStart(endWeek), to);
        Integer month = Months.beginningAt(to);
        if (month != null) {
            // :to begins a month: the visits ended since are those of the weeks before the end's that ended in its
            // month or later (entry_exit_tally), and those of the end's week up to :to that ended since, read
            sql.query("select stage, entered_week, sum(visits) as visits from entry_exit_tally where exited_month >= ?"
                    + " and entered_week < ? group by stage, entered_week", rs -> {
                weeks.computeIfAbsent(Stage.valueOf(rs.getString("stage")), k -> new TreeMap<>())
                        .merge(rs.getLong("entered_week"), rs.getLong("visits"), Long::sum);
            }, month, endWeek);
            sql.query("select v.stage, count(*) as visits from stage_visit v where v.stage in" + EVERY_STAGE
                    + " and v.entered_ms >= ? and v.entered_ms < ? and v.exited_ms >= ? group by v.stage", rs -> {
                weeks.computeIfAbsent(Stage.valueOf(rs.getString("stage")), k -> new TreeMap<>())
                        .merge(endWeek, rs.getLong("visits"), Long::sum);
            }, EntryTally.weekStart(endWeek), to, to);
        }
        // else the visits ended since: per stage, those that ended by :to plus its longest visit (LongestVisits)
        Map<Stage, Long> longest = month != null ? Map.of() : longestVisits.of(Arrays.asList(Stage.values()));
        if (!longest.isEmpty()) {
            List<Object> args = new ArrayList<>();
            String endedSince = longest.keySet().stream().map(stage -> {
                args.addAll(List.of(to, LongestVisits.endedBy(to, longest.get(stage)), to));
                return "select v.stage, v.entered_ms from stage_visit v where v.stage = '" + stage.name() + "'"
                        + " and v.exited_ms >= ? and v.exited_ms <= ? and v.entered_ms < ?";
            }).collect(java.util.stream.Collectors.joining("\nunion all\n"));
            sql.query("select e.stage, case when e.entered_ms < 0 then 0 else e.entered_ms / " + EntryTally.WEEK_MS + " end as entered_week,"
                    + " count(*) as visits from (" + endedSince + ") e"
                    + " group by e.stage, case when e.entered_ms < 0 then 0 else e.entered_ms / " + EntryTally.WEEK_MS + " end", rs -> {
                weeks.computeIfAbsent(Stage.valueOf(rs.getString("stage")), k -> new TreeMap<>())
                        .merge(rs.getLong("entered_week"), rs.getLong("visits"), Long::sum);
            }, args.toArray());
        }
        // the entries of the week ($bucket: its number) before :to of both, in order: at most a week of each read
        // (week 0 holds every entry before 1970's second week too)
        String week = " >= case when cast($bucket as bigint) = 0 then " + (Long.MIN_VALUE + 1) + " else cast($bucket as bigint) * "
                + EntryTally.WEEK_MS + " end and %1$s < (cast($bucket as bigint) + 1) * " + EntryTally.WEEK_MS + " and %1$s < " + to;
        // each part in its order up to the last rank asked ($upTo), merged: not every entry of the week read and sorted
        // (the week before :to holds most of the visits open then: 1,634 of a stage's at 100,000 leads, 1.5 ms; 0.9 ms)
        Ranks.Reading ranks = this.ranks.reading("select e.entered_ms from ((select s.stage_entered_ms as entered_ms from visit_lead s"
                + " where s.stage = $group and s.stage_entered_ms" + week.formatted("s.stage_entered_ms")
                + " order by s.stage_entered_ms limit $upTo)"
                + " union all (select v.entered_ms from stage_visit v where v.stage = $group and v.entered_ms" + week.formatted("v.entered_ms")
                + " and v.exited_ms >= " + to + " order by v.entered_ms limit $upTo)) e order by e.entered_ms", bucket -> bucket);
        Map<Stage, long[]> wanted = new EnumMap<>(Stage.class);
        Map<Stage, Long> counts = new EnumMap<>(Stage.class);
        weeks.forEach((stage, byWeek) -> {
            List<Ranks.Bucket> buckets = byWeek.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> new Ranks.Bucket(e.getKey(), e.getValue())).toList();
            long n = rows(buckets);
            if (n > 0) {
                counts.put(stage, n);
                wanted.put(stage, new long[]{ranks.at(stage.name(), buckets, Ranks.lower(0.5, n)),
                        ranks.at(stage.name(), buckets, Ranks.upper(0.5, n))});
            }
        });
        long[] entries = ranks.read();
        Map<Stage, Open> open = new HashMap<>();
        counts.forEach((stage, n) -> {
            long[] at = wanted.get(stage);
            BigDecimal medianEntered = exact(Ranks.percentileCont(0.5, n, entries[(int) at[0]], entries[(int) at[1]]));
            open.put(stage, new Open(n, Numbers.hours(hours(BigDecimal.valueOf(to).subtract(medianEntered)))));
        });
        return Optional.of(open);
    }

    private static long rows(List<Ranks.Bucket> buckets) {
        return buckets.stream().mapToLong(Ranks.Bucket::rows).sum();
    }

    /** A percentile of whole milliseconds to one decimal, as {@link #percentile} reads PostgreSQL's. */
    private static BigDecimal exact(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP);
    }

    /**
     * A percentile of whole milliseconds, exactly: {@code percentile_cont} interpolates in double precision between
     * two whole numbers at a fraction of tenths (0.5, or 0.9 of the rank), so the exact value has at most one decimal.
     */
    private static BigDecimal percentile(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP);
    }

    /** Hours to two decimals, rounded once from the exact quotient (as {@link Numbers#hours} rounds). */
    private static BigDecimal hours(BigDecimal ms) {
        return ms == null ? null : ms.divide(MS_PER_HOUR, 2, RoundingMode.HALF_UP);
    }

    private static MapSqlParameterSource params(AnalyticsWindow window, Filters filters) {
        return filters.bind(new MapSqlParameterSource("from", window.fromMs()).addValue("to", window.toMs()));
    }
}
