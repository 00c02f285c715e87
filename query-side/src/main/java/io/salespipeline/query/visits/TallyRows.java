package io.salespipeline.query.visits;

import io.salespipeline.query.projection.ProjectionBatch;
import io.salespipeline.query.projection.TableNames;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The statements that write what a batch changed in a tally (a table of counts, and sums, per key): a row gaining
 * counts made to exist, every changed row added to, a row left with a count of zero gone (its sums are then zero
 * too: the tally is what counting its rows gives). On PostgreSQL a row gaining counts is made to exist and added to
 * by one statement ({@code insert … on conflict (key) do update}), a round trip less per tally and batch (a batch
 * of one command's event writes several tallies); elsewhere (H2) by two. The caller hands the changes in the order
 * of their keys, so that two writers (a projection of several segments) lock the rows in the same order.
 */
final class TallyRows {

    /** What a batch changed in one row: its key's values, the count added (negative: taken away), the sums added. */
    record Change(Object[] key, long count, Object... sums) {
    }

    private final String insert;
    private final String update;
    private final String delete;
    private final String upsert;

    /**
     * @param table the tally
     * @param keys  its key columns, each with its SQL type ({@code "stage varchar(30)"})
     * @param count its count column
     * @param sums  the columns added to with the count
     */
    TallyRows(String table, List<String> keys, String count, List<String> sums) {
        List<String> names = keys.stream().map(k -> k.substring(0, k.indexOf(' '))).toList();
        String matches = names.stream().map(n -> n + " = ?").collect(Collectors.joining(" and "));
        this.insert = "insert into " + table + " (" + String.join(", ", names) + ", " + count
                + sums.stream().map(s -> ", " + s).collect(Collectors.joining()) + ")\nselect "
                + keys.stream().map(k -> "cast(? as " + k.substring(k.indexOf(' ') + 1) + ")").collect(Collectors.joining(", "))
                + ", 0" + String.join("", Collections.nCopies(sums.size(), ", 0"))
                + "\nwhere not exists (select 1 from " + table + " t where "
                + names.stream().map(n -> "t." + n + " = ?").collect(Collectors.joining(" and ")) + ")";
        this.update = "update " + table + " set " + count + " = " + count + " + ?"
                + sums.stream().map(s -> ", " + s + " = " + s + " + ?").collect(Collectors.joining()) + " where " + matches;
        this.delete = "delete from " + table + " where " + count + " = 0 and " + matches;
        List<String> added = new java.util.ArrayList<>(List.of(count));
        added.addAll(sums);
        this.upsert = "insert into " + table + " (" + String.join(", ", names) + ", " + String.join(", ", added) + ")\nvalues ("
                + String.join(", ", Collections.nCopies(names.size() + added.size(), "?")) + ")\non conflict ("
                + String.join(", ", names) + ") do update set "
                + added.stream().map(c -> c + " = " + table + "." + c + " + excluded." + c).collect(Collectors.joining(", "));
    }

    /** Queues the statements of {@code changes} (none for a change of nothing). */
    void write(ProjectionBatch batch, TableNames tables, List<Change> changes) {
        List<Change> changed = changes.stream()
                .filter(c -> c.count() != 0 || Arrays.stream(c.sums()).anyMatch(TallyRows::nonZero)).toList();
        if (batch.onPostgres()) {
            changed.stream().filter(c -> c.count() > 0)
                    .forEach(c -> batch.append(tables.sql(upsert), concat(c.key(), concat(new Object[]{c.count()}, c.sums()))));
            changed.stream().filter(c -> c.count() <= 0)
                    .forEach(c -> batch.append(tables.sql(update), concat(concat(new Object[]{c.count()}, c.sums()), c.key())));
        } else {
            changed.stream().filter(c -> c.count() > 0)
                    .forEach(c -> batch.append(tables.sql(insert), concat(c.key(), c.key())));
            changed.forEach(c -> batch.append(tables.sql(update), concat(concat(new Object[]{c.count()}, c.sums()), c.key())));
        }
        changed.stream().filter(c -> c.count() < 0).forEach(c -> batch.append(tables.sql(delete), c.key()));
    }

    private static boolean nonZero(Object sum) {
        return sum instanceof java.math.BigDecimal d ? d.signum() != 0 : ((Number) sum).longValue() != 0;
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
