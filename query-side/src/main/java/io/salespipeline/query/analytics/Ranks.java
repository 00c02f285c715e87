package io.salespipeline.query.analytics;

import io.salespipeline.query.projection.ReadModelDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
     * more than once). {@code $upTo}, if there, is how many of the bucket's first values a reading needs (an
     * expression): a union in {@code inBucket} may limit each part to that many, in order, so that PostgreSQL merges
     * the parts' ordered reads and stops there instead of reading and sorting every row of the bucket.
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
     * for (planned once: fifty subqueries took 15–25 ms to plan at 100,000 leads), once per run of ranks that follow
     * each other in a bucket; elsewhere (H2, where an offset cannot be a column) a subquery each.
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

        /**
         * On PostgreSQL: the ranks of a group and bucket that follow each other (a percentile's lower and upper row,
         * most often in one bucket) read as one run, from one reading of the bucket: {@code limit} the run's length
         * from its first rank. A run's values come in the bucket's order (ascending), so the smallest is its first
         * rank's.
         */
        private void readRuns(long[] values) {
            record Run(String group, Object bucket, long offset, List<Integer> indexes) {
            }
            // per group and bucket, each offset asked (with the indexes asking it), in order
            Map<List<Object>, TreeMap<Long, List<Integer>>> asked = new LinkedHashMap<>();
            for (Object[] rank : ranks) {
                asked.computeIfAbsent(List.of(rank[1], rank[2]), k -> new TreeMap<>())
                        .computeIfAbsent((Long) rank[3], k -> new ArrayList<>()).add((Integer) rank[0]);
            }
            List<Run> runs = new ArrayList<>();
            List<List<Integer>> runRanks = new ArrayList<>(); // per run, per rank of it, the indexes asking it
            asked.forEach((key, offsets) -> {
                long next = Long.MIN_VALUE;
                for (Map.Entry<Long, List<Integer>> offset : offsets.entrySet()) {
                    if (offset.getKey() != next) {
                        runs.add(new Run((String) key.get(0), key.get(1), offset.getKey(), new ArrayList<>()));
                    }
                    runs.get(runs.size() - 1).indexes().add(runRanks.size());
                    runRanks.add(offset.getValue());
                    next = offset.getKey() + 1;
                }
            });
            List<Object> args = new ArrayList<>();
            for (int r = 0; r < runs.size(); r++) {
                Run run = runs.get(r);
                args.addAll(Arrays.asList(r, run.group(), run.bucket(), run.offset(), (long) run.indexes().size()));
            }
            String sql = "select w.r, x.v from (values " + String.join(", ", Collections.nCopies(runs.size(), "(?, ?, ?, ?, ?)"))
                    + ") as w(r, g, b, o, n) cross join lateral (" + inBucket.replace("$group", "w.g").replace("$bucket", "w.b")
                    .replace("$upTo", "w.o + w.n") + " limit w.n offset w.o) as x(v)";
            Map<Integer, List<Long>> read = new HashMap<>();
            jdbc.query(sql, rs -> {
                read.computeIfAbsent(rs.getInt("r"), k -> new ArrayList<>()).add(rs.getLong("v"));
            }, args.toArray());
            for (int r = 0; r < runs.size(); r++) {
                List<Long> run = read.getOrDefault(r, List.of());
                List<Integer> rankIndexes = runs.get(r).indexes();
                if (run.size() != rankIndexes.size()) {
                    throw new IllegalStateException("ranks beyond the rows of a bucket: " + rankIndexes.size() + " asked, " + run.size() + " read");
                }
                List<Long> sorted = run.stream().sorted().toList();
                for (int k = 0; k < sorted.size(); k++) {
                    for (int index : runRanks.get(rankIndexes.get(k))) {
                        values[index] = sorted.get(k);
                    }
                }
            }
        }

        /** The values asked for, by the indexes {@link #at} answered. */
        public long[] read() {
            long[] values = new long[ranks.size()];
            if (!ranks.isEmpty() && database.isPostgres()) {
                readRuns(values);
            } else if (!ranks.isEmpty()) {
                readEach(values);
            }
            return values;
        }

        /** Elsewhere (H2, where an offset cannot be a column): a subquery per rank. */
        private void readEach(long[] values) {
            // each placeholder a parameter, in the order they occur (either may occur more than once)
            List<Boolean> groupAt = new ArrayList<>();
            java.util.regex.Matcher placeholder = PLACEHOLDER.matcher(inBucket);
            while (placeholder.find()) {
                groupAt.add(placeholder.group().equals("$group"));
            }
            // no bound on a part of a union ($upTo) but the offset's: each rank a statement of its own
            String each = PLACEHOLDER.matcher(inBucket.replace("$upTo", String.valueOf(Integer.MAX_VALUE))).replaceAll("?");
            String sql = ranks.stream().map(rank -> "select " + rank[0] + " as i, (" + each + " offset ? rows fetch first 1 rows only) as v")
                    .collect(Collectors.joining("\nunion all\n"));
            List<Object> args = new ArrayList<>();
            ranks.forEach(rank -> {
                groupAt.forEach(group -> args.add(group ? rank[1] : rank[2]));
                args.add(rank[3]);
            });
            jdbc.query(sql, rs -> {
                values[rs.getInt("i")] = rs.getLong("v");
            }, args.toArray());
        }
    }
}
