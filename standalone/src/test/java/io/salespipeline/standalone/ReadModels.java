package io.salespipeline.standalone;

import io.salespipeline.platform.testing.Http;
import io.salespipeline.query.projection.ProjectionTables;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The read models as rows, to compare them before and after a replay; waiting for them to catch up. */
final class ReadModels {

    /** The projections, named by their table templates ({@code db/projections/<name>.sql}). */
    static final List<String> PROJECTIONS = projections();

    private ReadModels() {
    }

    /**
     * Every row of every read-model table for {@code leads} (every row when null; tables without a
     * {@code lead_id} only then), as text, sorted: equal dumps mean equal read models.
     */
    static Map<String, List<String>> dump(JdbcTemplate jdbc, Collection<String> leads) {
        Map<String, List<String>> dump = new LinkedHashMap<>();
        PROJECTIONS.stream().flatMap(p -> ProjectionTables.of(p).tables().stream()).sorted().forEach(table -> {
            boolean perLead = jdbc.query("select * from " + table + " where 1 = 0", rs -> {
                ResultSetMetaData meta = rs.getMetaData();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    if (meta.getColumnName(c).equalsIgnoreCase("lead_id")) {
                        return true;
                    }
                }
                return false;
            });
            if (leads != null && !perLead) {
                return;
            }
            String where = leads == null ? "" : " where lead_id in (" + String.join(",", leads.stream().map(l -> "'" + l + "'").toList()) + ")";
            List<String> rows = new ArrayList<>(jdbc.query("select * from " + table + where, (rs, i) -> {
                ResultSetMetaData meta = rs.getMetaData();
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    row.append(meta.getColumnName(c)).append('=').append(rs.getString(c)).append(' ');
                }
                return row.toString();
            }));
            Collections.sort(rows);
            dump.put(table, rows);
        });
        return dump;
    }

    private static List<String> projections() {
        try {
            return java.util.Arrays.stream(new PathMatchingResourcePatternResolver().getResources("classpath*:db/projections/*.sql"))
                    .map(r -> r.getFilename()).filter(n -> n != null && !n.endsWith(".views.sql"))
                    .map(n -> n.substring(0, n.length() - ".sql".length())).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long rows(Map<String, List<String>> dump) {
        return dump.values().stream().mapToLong(List::size).sum();
    }

    /** Waits until both projections have applied every lead event in the log. */
    static void awaitCaughtUp(JdbcTemplate jdbc, Duration max) {
        Instant until = Instant.now().plus(max);
        long stored = -1;
        while (Instant.now().isBefore(until)) {
            stored = jdbc.queryForObject("select count(*) from domain_event_entry where type = 'Lead'", Long.class);
            Long views = jdbc.queryForObject("select coalesce(sum(version), 0) from lead_view", Long.class);
            Long visits = jdbc.queryForObject("select coalesce(sum(version), 0) from visit_lead", Long.class);
            if (views == stored && visits == stored) {
                return;
            }
            StandaloneTest.sleep(100);
        }
        throw new AssertionError("the projections did not catch up with " + stored + " events in " + max);
    }

    /** Rebuilds every read model through the admin API and waits until the replay has completed. */
    static void replay(Http admin) {
        awaitNoReplay(admin);
        Http.Response started = admin.post("/api/admin/replays", "{}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        StandaloneTest.await(() -> admin.get("/api/admin/replays/current").json(),
                p -> p.get("state").asText().equals("COMPLETED"), Duration.ofMinutes(3));
    }

    /** Waits until no replay runs (one started earlier, or one resumed after a restart, has switched its tables in). */
    static void awaitNoReplay(Http admin) {
        StandaloneTest.await(() -> admin.get("/api/admin/replays/current").json(),
                p -> !p.get("state").asText().equals("RUNNING"), Duration.ofMinutes(3));
    }

    /** The differences between two dumps, table by table, for a readable failure. */
    static List<String> differences(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        List<String> out = new ArrayList<>();
        expected.forEach((table, rows) -> {
            List<String> other = actual.getOrDefault(table, List.of());
            List<String> missing = new ArrayList<>(rows);
            missing.removeAll(other);
            List<String> extra = new ArrayList<>(other);
            extra.removeAll(rows);
            missing.stream().limit(3).forEach(r -> out.add(table + " lost: " + r));
            extra.stream().limit(3).forEach(r -> out.add(table + " gained: " + r));
        });
        return out;
    }
}
