package io.salespipeline.query.analytics;

import io.salespipeline.query.projection.ReadModelDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * Percentiles over all history without sorting every row: a tally counts the rows per bucket of their value (in
 * the order of the values), so the bucket that holds a rank is known, and the rank's value is read from the start
 * of that bucket in an index of (group, value). {@link #percentileCont} interpolates as PostgreSQL's
 * {@code percentile_cont} does, so that the answers are those of reading and sorting every row.
 */
@Component
public class Ranks {

    /** A row of a tally: its bucket and how many rows it counts. */
    public record Bucket(long bucket, long rows) {
    }

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\$group|\\$bucket");

    private final JdbcTemplate jdbc;
    private final ReadModelDatabase database;

    Ranks(NamedParameterJdbcTemplate jdbc, ReadModelDatabase database) {
        this.jdbc = jdbc.getJdbcTemplate();
        this.database = database;
    }

    /**
     * Ranks to read, in one statement, from {@code inBucket}: the values of group {@code $group} from where bucket
     * {@code $bucket} begins, in order ({@code bucketArgument}: the bucket's parameter; either placeholder may occur
     * more than once).
     */
    public Reading reading(String inBucket, LongFunction<Object> bucketArgument) {
        return new Reading(inBucket, bucketArgument);
    }

    /** {@code percentile_cont}'s lower row of a fraction of {@code n} rows (0-based). */
    public static long lower(double fraction, long n) {
        return (long) Math.floor(fraction * (n - 1));
    }

    /** {@code percentile_cont}'s upper row of a fraction of {@code n} rows (0-based). */
    public static long upper(double fraction, long n) {
        return (long) Math.ceil(fraction * (n - 1));
    }

    /** As PostgreSQL's {@code percentile_cont} interpolates, in double precision, between its two rows' values. */
    public static double percentileCont(double fraction, long n, double lowerValue, double upperValue) {
        double position = fraction * (n - 1);
        double lower = Math.floor(position);
        if (Math.ceil(position) == lower) {
            return lowerValue;
        }
        return lowerValue + (upperValue - lowerValue) * (position - lower);
    }

    /**
     * The ranks asked of one reading. On PostgreSQL they are a list of values the statement's one subquery is run
     * for (planned once: fifty subqueries took 15–25 ms to plan at 100,000 leads); elsewhere (H2, where an offset
     * cannot be a column) a subquery each.
     */
    public final class Reading {

        private final String inBucket;
        private final LongFunction<Object> bucketArgument;
        private final List<Object[]> ranks = new ArrayList<>();

        private Reading(String inBucket, LongFunction<Object> bucketArgument) {
            this.inBucket = inBucket;
            this.bucketArgument = bucketArgument;
        }

        /** Asks for the value at 0-based {@code rank} of the group's rows (counted in {@code buckets}); answers its index. */
        public int at(String group, List<Bucket> buckets, long rank) {
            long before = 0;
            for (Bucket bucket : buckets) {
                if (rank < before + bucket.rows()) {
                    ranks.add(new Object[]{ranks.size(), group, bucketArgument.apply(bucket.bucket()), rank - before});
                    return ranks.size() - 1;
                }
                before += bucket.rows();
            }
            throw new IllegalStateException("rank " + rank + " beyond the " + before + " rows of " + group);
        }

        /** The values asked for, by the indexes {@link #at} answered. */
        public long[] read() {
            long[] values = new long[ranks.size()];
            if (ranks.isEmpty()) {
                return values;
            }
            String sql;
            List<Object> args = new ArrayList<>();
            if (database.isPostgres()) {
                sql = "select w.i, (" + inBucket.replace("$group", "w.g").replace("$bucket", "w.b")
                        + " offset w.o rows fetch first 1 rows only) as v from (values "
                        + String.join(", ", Collections.nCopies(ranks.size(), "(?, ?, ?, ?)")) + ") as w(i, g, b, o)";
                ranks.forEach(rank -> args.addAll(Arrays.asList(rank)));
            } else {
                // each placeholder a parameter, in the order they occur (either may occur more than once)
                List<Boolean> groupAt = new ArrayList<>();
                java.util.regex.Matcher placeholder = PLACEHOLDER.matcher(inBucket);
                while (placeholder.find()) {
                    groupAt.add(placeholder.group().equals("$group"));
                }
                String each = PLACEHOLDER.matcher(inBucket).replaceAll("?");
                sql = ranks.stream().map(rank -> "select " + rank[0] + " as i, (" + each + " offset ? rows fetch first 1 rows only) as v")
                        .collect(Collectors.joining("\nunion all\n"));
                ranks.forEach(rank -> {
                    groupAt.forEach(group -> args.add(group ? rank[1] : rank[2]));
                    args.add(rank[3]);
                });
            }
            jdbc.query(sql, rs -> {
                values[rs.getInt("i")] = rs.getLong("v");
            }, args.toArray());
            return values;
        }
    }
}
