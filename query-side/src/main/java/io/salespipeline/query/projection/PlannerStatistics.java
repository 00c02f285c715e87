package io.salespipeline.query.projection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps PostgreSQL's planner statistics and visibility maps of the read models current. The plans of the board
 * and the analytics depend on the statistics: at 100,000 leads the funnel of one month took 3.1 s with the
 * statistics of an empty table and 0.3 s after {@code ANALYZE}. Their reads are index-only scans, which visit the
 * table for every row on a page not marked all-visible in the visibility map, and only a vacuum marks pages.
 * <p>
 * PostgreSQL's autovacuum does both, but by default only once a fifth of a table changed: after a bulk import
 * of 100,000 leads, {@code stage_visit} had 68,000 dead rows, under its threshold of 107,000, half its pages
 * not all-visible, and every report read at a third to a half of its speed until a vacuum (lost reasons over
 * all history 14 -> 42 requests/s, the SLA of a month 28 -> 67, the board 44 -> 68, 8 clients). So the read
 * models are vacuumed once 2 % of a table changed ({@link #SCALE}): where autovacuum is on, by setting that
 * threshold on the projections' tables ({@link #tuneAutovacuum}); where it is off (as on the development
 * machine), this job vacuums what that threshold asks for, and analyzes what autovacuum's own analyze threshold
 * (50 + 10 %) asks for, looked at every 10 seconds and paced as autovacuum is ({@link #throttledLikeAutovacuum}):
 * a bulk import into an empty database ran at a third to half of its speed until the first analysis, a minute in
 * (plans made for empty tables). A rebuild's tables are
 * vacuumed and analyzed before they are switched in ({@link #vacuumAndAnalyze}). Does nothing on other databases.
 */
@Component
public class PlannerStatistics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PlannerStatistics.class);
    private static final Duration EVERY = Duration.ofSeconds(10);

    /**
     * A table is vacuumed once its dead rows exceed 50 + SCALE of its rows, or the rows inserted since its last vacuum
     * 1,000 + SCALE: autovacuum's own thresholds, with a scale factor of 2 % instead of its default 20 %.
     */
    static final double SCALE = 0.02;

    private final JdbcTemplate jdbc;
    private final ReadModelDatabase database;
    /** The projections' tables (live names), whose autovacuum thresholds are set where autovacuum is on. */
    private final List<String> projectionTables;
    private volatile ScheduledExecutorService scheduler;

    public PlannerStatistics(JdbcTemplate jdbc, ReadModelDatabase database, List<Projection> projections) {
        this.jdbc = jdbc;
        this.database = database;
        this.projectionTables = projections.stream().flatMap(p -> p.tables().tables().stream()).distinct().sorted().toList();
    }

    /**
     * Vacuums and analyzes {@code tables} now (on PostgreSQL): a rebuild's filled tables before the switch, so that
     * the reports read them by their indexes alone from the first request on.
     */
    public void vacuumAndAnalyze(Collection<String> tables) {
        vacuum(tables, "vacuum (analyze) ");
    }

    /**
     * Vacuums {@code tables} now (on PostgreSQL), without statistics: a rebuild's filled tables before their
     * secondary indexes are built, so that the vacuum clears the dead rows the rebuild left from the table and its
     * key alone, not from every index.
     */
    public void vacuum(Collection<String> tables) {
        vacuum(tables, "vacuum ");
    }

    /** Runs {@code command} on each of {@code tables} (on PostgreSQL), one connection for all. */
    private void vacuum(Collection<String> tables, String command) {
        if (!database.isPostgres() || tables.isEmpty()) {
            return;
        }
        // outside a transaction: the template's connection autocommits
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (Statement statement = connection.createStatement()) {
                each(statement, command, tables);
            }
            return null;
        });
    }

    private static void each(Statement statement, String command, Collection<String> tables) throws SQLException {
        for (String table : tables) {
            long started = System.nanoTime();
            statement.execute(command + table);
            log.debug("{}{} in {} ms", command, table, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * Where autovacuum is on: the projections' tables that do not have it yet get the vacuum threshold of
     * {@link #SCALE} (a rebuild's tables are new tables, so looked at again each time). Answers the tables changed.
     */
    public List<String> tuneAutovacuum() {
        if (!database.isPostgres() || projectionTables.isEmpty()) {
            return List.of();
        }
        String options = "autovacuum_vacuum_scale_factor=" + SCALE;
        List<String> untuned = jdbc.queryForList("""
                select c.relname from pg_class c
                where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r' and c.relname = any (?)
                  and (c.reloptions is null or not (? = any (c.reloptions)))""", String.class,
                projectionTables.toArray(String[]::new), options);
        for (String table : untuned) {
            jdbc.execute("alter table " + table + " set (autovacuum_vacuum_scale_factor = " + SCALE
                    + ", autovacuum_vacuum_insert_scale_factor = " + SCALE + ")");
        }
        if (!untuned.isEmpty()) {
            log.info("autovacuum of {} set to vacuum once {} % of a table changed", untuned, SCALE * 100);
        }
        return untuned;
    }

    /** Analyzes {@code tables} now (on PostgreSQL). */
    public void analyze(Collection<String> tables) {
        vacuum(tables, "analyze ");
    }

    /**
     * When autovacuum is off: the tables of this schema whose rows changed since their last vacuum by more than
     * autovacuum's thresholds with a scale factor of {@link #SCALE}, vacuumed and analyzed, and those whose
     * statistics are stale as autovacuum counts it, analyzed. Answers the tables refreshed. Not a rebuild's fresh
     * tables ({@code __next}) while it fills them: it analyzes them itself before the switch, and they are looked
     * at again under their live names; nor the old ones it is about to drop ({@code __old}).
     */
    public List<String> refreshStale() {
        return database.isPostgres() && autovacuumOff() ? vacuumAndAnalyzeStale() : List.of();
    }

    private boolean autovacuumOff() {
        return "off".equals(jdbc.queryForObject("select current_setting('autovacuum')", String.class));
    }

    private List<String> vacuumAndAnalyzeStale() {
        // both lists from one reading of the statistics views (two readings could see a table's inserts in one only)
        List<String> vacuum = new java.util.ArrayList<>();
        List<String> stale = new java.util.ArrayList<>();
        jdbc.query("""
                select relname, needs_vacuum from (
                    select relname,
                           n_dead_tup > 50 + ? * greatest(n_live_tup, 0)
                               or n_ins_since_vacuum > 1000 + ? * greatest(n_live_tup, 0) as needs_vacuum,
                           n_mod_since_analyze > 50 + 0.1 * greatest(n_live_tup, 0) as needs_analyze
                    from pg_stat_user_tables
                    where schemaname = current_schema() and relname not like '%\\_\\_next' and relname not like '%\\_\\_old'
                ) t
                where needs_vacuum or needs_analyze""", rs -> {
            (rs.getBoolean("needs_vacuum") ? vacuum : stale).add(rs.getString("relname"));
        }, SCALE, SCALE);
        if (!vacuum.isEmpty() || !stale.isEmpty()) {
            throttledLikeAutovacuum(vacuum, stale);
            log.info("vacuumed {} and analyzed {} (autovacuum is off)", vacuum, stale);
        }
        return java.util.stream.Stream.concat(vacuum.stream(), stale.stream()).toList();
    }


    /**
     * Vacuums and analyzes {@code vacuum}, analyzes {@code stale}, paced as autovacuum paces its work: with its
     * cost-based delay ({@code autovacuum_vacuum_cost_delay}, 2 ms by default, and its cost limit), on one
     * connection, reset after. A {@code VACUUM} sent by a client is not paced (its {@code vacuum_cost_delay} is 0):
     * this job's rounds every 10 s, unpaced, took the CPU and disk from the commands and projections at once, and
     * the command → read lag under load had a tail of 180–250 ms against 80–95 ms with autovacuum on (the same
     * load, 250 registrations/s, two pairs of runs).
     */
    private void throttledLikeAutovacuum(List<String> vacuum, List<String> stale) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        select set_config('vacuum_cost_delay', case when current_setting('autovacuum_vacuum_cost_delay') like '-%'
                                  then current_setting('vacuum_cost_delay') else current_setting('autovacuum_vacuum_cost_delay') end, false),
                               set_config('vacuum_cost_limit', case when current_setting('autovacuum_vacuum_cost_limit') like '-%'
                                  then current_setting('vacuum_cost_limit') else current_setting('autovacuum_vacuum_cost_limit') end, false)""");
                try {
                    each(statement, "vacuum (analyze) ", vacuum);
                    each(statement, "analyze ", stale);
                } finally {
                    statement.execute("reset vacuum_cost_delay");
                    statement.execute("reset vacuum_cost_limit");
                }
            }
            return null;
        });
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "planner-statistics");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                if (database.isPostgres()) {
                    if (autovacuumOff()) {
                        vacuumAndAnalyzeStale();
                    } else {
                        tuneAutovacuum();
                    }
                }
            } catch (RuntimeException e) {
                log.warn("refreshing the planner statistics failed; trying again in {}", EVERY, e);
            }
        }, EVERY.toSeconds(), EVERY.toSeconds(), TimeUnit.SECONDS);
        scheduler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
