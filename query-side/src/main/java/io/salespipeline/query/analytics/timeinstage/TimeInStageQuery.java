package io.salespipeline.query.analytics.timeinstage;

import io.salespipeline.events.Stage;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.analytics.Numbers;
import io.salespipeline.query.projection.Rows;
import io.salespipeline.query.visits.EntryTally;
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

/**
 * The SQL of time in stage: per stage, the completed visits that ended in the window (count, mean, median, 90th
 * percentile, max hours) and the visits open at its end (count, median age), percentiles by PostgreSQL's
 * {@code percentile_cont}. Over all history, from the tallies ({@code duration_tally}, {@code entry_tally}) and a few
 * index entries per percentile.
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
    private volatile Boolean postgres;

    TimeInStageQuery(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<Stage, Completed> completed(AnalyticsWindow window, Filters filters) {
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
     * Whether the tallies answer ({@link #completedFromTally}, {@link #openFromTally}): over all history (no
     * {@code from}), without filters, and nothing began or ended at or after the window's end (so the completed
     * visits are every completed one and the open ones the leads' current states, each with its entry). The same numbers as reading every
     * visit ({@code DurationTallyTest}).
     */
    boolean fromTally(AnalyticsWindow window, Filters filters) {
        if (window.fromMs() > 0 || filters.source() != null || filters.owner() != null || filters.pipeline() != null) {
            return false;
        }
        Boolean later = jdbc.queryForObject("""
                select case when exists (select 1 from stage_visit v where v.exited_ms >= :to)
                              or exists (select 1 from stage_visit v where v.exited_ms < :from)
                              or exists (select 1 from visit_lead s where s.stage_entered_ms >= :to)
                              or exists (select 1 from visit_lead s where s.stage_entered_ms is null) then 1 else 0 end""",
                params(window, filters), (rs, i) -> rs.getInt(1) == 1);
        return Boolean.FALSE.equals(later);
    }

    /** A stage's row of a tally: its bucket, how many, and their sum. */
    private record Bucket(long bucket, long visits, long sum) {
    }

    /**
     * Every completed visit, per stage, from {@code duration_tally}: counts and means from its rows; each percentile
     * (and the max) the length at its rank, read in the bucket that holds the rank ({@code stage_visit_duration_idx}),
     * and interpolated as {@code percentile_cont} does.
     */
    Map<Stage, Completed> completedFromTally() {
        Map<Stage, List<Bucket>> byStage = new EnumMap<>(Stage.class);
        jdbc.getJdbcTemplate().query("select stage, duration_bucket, visits, duration_sum from duration_tally where visits > 0"
                        + " order by stage, duration_bucket",
                rs -> {
                    byStage.computeIfAbsent(Stage.valueOf(rs.getString("stage")), k -> new ArrayList<>())
                            .add(new Bucket(rs.getLong("duration_bucket"), rs.getLong("visits"), rs.getLong("duration_sum")));
                });
        Ranks ranks = new Ranks("select v.duration_ms from stage_visit v where v.stage = $stage and v.duration_bucket = $bucket"
                + " order by v.duration_ms", bucket -> bucket);
        Map<Stage, long[]> wanted = new EnumMap<>(Stage.class);
        byStage.forEach((stage, buckets) -> {
            long n = buckets.stream().mapToLong(Bucket::visits).sum();
            Bucket last = buckets.get(buckets.size() - 1);
            wanted.put(stage, new long[]{
                    ranks.at(stage, buckets, lower(0.5, n)), ranks.at(stage, buckets, upper(0.5, n)),
                    ranks.at(stage, buckets, lower(0.9, n)), ranks.at(stage, buckets, upper(0.9, n)),
                    ranks.at(stage, List.of(last), last.visits() - 1)});
        });
        long[] lengths = ranks.read();
        Map<Stage, Completed> completed = new HashMap<>();
        byStage.forEach((stage, buckets) -> {
            long n = buckets.stream().mapToLong(Bucket::visits).sum();
            long sum = buckets.stream().mapToLong(Bucket::sum).sum();
            long[] at = wanted.get(stage);
            completed.put(stage, new Completed(n,
                    Numbers.hours(BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n).multiply(MS_PER_HOUR), 2, RoundingMode.HALF_UP)),
                    Numbers.hours(hours(exact(percentileCont(0.5, n, lengths[(int) at[0]], lengths[(int) at[1]])))),
                    Numbers.hours(hours(exact(percentileCont(0.9, n, lengths[(int) at[2]], lengths[(int) at[3]])))),
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
        Map<Stage, List<Bucket>> byStage = new EnumMap<>(Stage.class);
        jdbc.getJdbcTemplate().query("select stage, entered_week, leads from entry_tally where leads > 0 order by stage, entered_week",
                rs -> {
                    byStage.computeIfAbsent(Stage.valueOf(rs.getString("stage")), k -> new ArrayList<>())
                            .add(new Bucket(rs.getLong("entered_week"), rs.getLong("leads"), 0));
                });
        Ranks ranks = new Ranks("select s.stage_entered_ms from visit_lead s where s.stage = $stage and s.stage_entered_ms >= $bucket"
                + " order by s.stage_entered_ms", week -> EntryTally.weekStart(week));
        Map<Stage, long[]> wanted = new EnumMap<>(Stage.class);
        byStage.forEach((stage, weeks) -> {
            long n = weeks.stream().mapToLong(Bucket::visits).sum();
            wanted.put(stage, new long[]{ranks.at(stage, weeks, lower(0.5, n)), ranks.at(stage, weeks, upper(0.5, n))});
        });
        long[] entries = ranks.read();
        Map<Stage, Open> open = new HashMap<>();
        byStage.forEach((stage, weeks) -> {
            long n = weeks.stream().mapToLong(Bucket::visits).sum();
            long[] at = wanted.get(stage);
            BigDecimal medianEntered = exact(percentileCont(0.5, n, entries[(int) at[0]], entries[(int) at[1]]));
            open.put(stage, new Open(n, Numbers.hours(hours(BigDecimal.valueOf(window.toMs()).subtract(medianEntered)))));
        });
        return open;
    }

    /** {@code percentile_cont}'s lower and upper row of a fraction of {@code n} rows (0-based). */
    private static long lower(double fraction, long n) {
        return (long) Math.floor(fraction * (n - 1));
    }

    private static long upper(double fraction, long n) {
        return (long) Math.ceil(fraction * (n - 1));
    }

    /** As PostgreSQL's {@code percentile_cont} interpolates, in double precision, between its two rows' values. */
    private static double percentileCont(double fraction, long n, long lowerValue, long upperValue) {
        double position = fraction * (n - 1);
        double lower = Math.floor(position);
        if (Math.ceil(position) == lower) {
            return lowerValue;
        }
        return lowerValue + ((double) upperValue - lowerValue) * (position - lower);
    }

    /** A percentile of whole milliseconds to one decimal, as {@link #percentile} reads PostgreSQL's. */
    private static BigDecimal exact(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP);
    }

    /**
     * The values at ranks of sorted stages, read in one statement: each rank from the bucket that holds it
     * ({@code inBucket}: the values of stage {@code $stage} from where bucket {@code $bucket} begins, in order, with
     * {@code bucketArgument} of the bucket for {@code $bucket}; read from the rank's offset within the bucket). On
     * PostgreSQL the ranks are a list of values the statement's one subquery is run for (planned once: as many
     * subqueries took 15–25 ms to plan); elsewhere (H2, where an offset cannot be a column) a subquery each.
     */
    private final class Ranks {

        private final String inBucket;
        private final java.util.function.LongFunction<Object> bucketArgument;
        private final List<Object[]> ranks = new ArrayList<>();

        Ranks(String inBucket, java.util.function.LongFunction<Object> bucketArgument) {
            this.inBucket = inBucket;
            this.bucketArgument = bucketArgument;
        }

        /** Asks for the value at 0-based {@code rank} of the stage's rows (in {@code buckets}); answers its index. */
        int at(Stage stage, List<Bucket> buckets, long rank) {
            long before = 0;
            for (Bucket bucket : buckets) {
                if (rank < before + bucket.visits()) {
                    ranks.add(new Object[]{ranks.size(), stage.name(), bucketArgument.apply(bucket.bucket()), rank - before});
                    return ranks.size() - 1;
                }
                before += bucket.visits();
            }
            throw new IllegalStateException("rank " + rank + " beyond the " + before + " rows of " + stage);
        }

        long[] read() {
            long[] values = new long[ranks.size()];
            if (ranks.isEmpty()) {
                return values;
            }
            String sql;
            List<Object> args = new ArrayList<>();
            if (postgres()) {
                sql = "select w.i, (" + inBucket.replace("$stage", "w.stage").replace("$bucket", "w.b")
                        + " offset w.o rows fetch first 1 rows only) as v from (values "
                        + String.join(", ", java.util.Collections.nCopies(ranks.size(), "(?, ?, ?, ?)")) + ") as w(i, stage, b, o)";
                ranks.forEach(rank -> args.addAll(Arrays.asList(rank)));
            } else {
                String each = inBucket.replace("$stage", "?").replace("$bucket", "?");
                sql = ranks.stream().map(rank -> "select " + rank[0] + " as i, (" + each + " offset ? rows fetch first 1 rows only) as v")
                        .collect(java.util.stream.Collectors.joining("\nunion all\n"));
                ranks.forEach(rank -> args.addAll(List.of(rank[1], rank[2], rank[3])));
            }
            jdbc.getJdbcTemplate().query(sql, rs -> {
                values[rs.getInt("i")] = rs.getLong("v");
            }, args.toArray());
            return values;
        }
    }

    /** Whether the database is PostgreSQL: known at the first use. */
    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = jdbc.getJdbcTemplate().execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName()
                    .toLowerCase(java.util.Locale.ROOT).contains("postgres"));
            postgres = known;
        }
        return known;
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
