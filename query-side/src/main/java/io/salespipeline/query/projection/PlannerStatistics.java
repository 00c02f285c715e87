package io.salespipeline.query.projection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps PostgreSQL's planner statistics of the read models current. The plans of the board and the analytics
 * depend on them: at 100,000 leads the funnel of one month took 3.1 s with the statistics of an empty table
 * and 0.3 s after {@code ANALYZE}. PostgreSQL's autovacuum refreshes them, but it can be off (it is on the
 * development machine this was measured on), and it does not know that a rebuild just filled fresh tables;
 * so a rebuild's tables are analyzed before they are switched in ({@link #analyze}), and where autovacuum is
 * off, the tables whose rows changed by more than autovacuum's own threshold (50 + 10 %) are analyzed, looked
 * at every 10 seconds: a bulk import into an empty database ran at a third to half of its speed until the first
 * analysis, a minute in (plans made for empty tables; the threshold grows with the table, so a growing table
 * is analyzed less and less often). Where it is off, the same job vacuums what autovacuum would have vacuumed
 * (dead rows over 50 + 20 %, rows inserted since the last vacuum over 1,000 + 20 %): besides the dead rows, a vacuum sets the visibility
 * map, without which an index-only scan visits the table for every row (counting the 45,000 lost leads of
 * 100,000 for a page of the lead list: 32 ms by a sequential scan, 14 ms by the index alone after a vacuum).
 * Does nothing on other databases.
 */
@Component
public class PlannerStatistics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PlannerStatistics.class);
    private static final Duration EVERY = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final ReadModelDatabase database;
    private volatile ScheduledExecutorService scheduler;

    public PlannerStatistics(JdbcTemplate jdbc, ReadModelDatabase database) {
        this.jdbc = jdbc;
        this.database = database;
    }

    /** Analyzes {@code tables} now (on PostgreSQL). */
    public void analyze(Collection<String> tables) {
        if (!database.isPostgres()) {
            return;
        }
        for (String table : tables) {
            long started = System.nanoTime();
            jdbc.execute("analyze " + table);
            log.debug("analyzed {} in {} ms", table, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * When autovacuum is off: the tables of this schema that autovacuum would vacuum, vacuumed and analyzed, and
     * those whose statistics are stale as autovacuum counts it, analyzed. Answers the tables refreshed. Not a
     * rebuild's fresh tables ({@code __next}) while it fills them: it analyzes them itself before the switch, and
     * they are looked at again under their live names; nor the old ones it is about to drop ({@code __old}).
     */
    public List<String> refreshStale() {
        if (!database.isPostgres() || !"off".equals(jdbc.queryForObject("select current_setting('autovacuum')", String.class))) {
            return List.of();
        }
        // both lists from one reading of the statistics views (two readings could see a table's inserts in one only)
        List<String> vacuum = new java.util.ArrayList<>();
        List<String> stale = new java.util.ArrayList<>();
        jdbc.query("""
                select relname, needs_vacuum from (
                    select relname,
                           n_dead_tup > 50 + 0.2 * greatest(n_live_tup, 0)
                               or n_ins_since_vacuum > 1000 + 0.2 * greatest(n_live_tup, 0) as needs_vacuum,
                           n_mod_since_analyze > 50 + 0.1 * greatest(n_live_tup, 0) as needs_analyze
                    from pg_stat_user_tables
                    where schemaname = current_schema() and relname not like '%\\_\\_next' and relname not like '%\\_\\_old'
                ) t
                where needs_vacuum or needs_analyze""", rs -> {
            (rs.getBoolean("needs_vacuum") ? vacuum : stale).add(rs.getString("relname"));
        });
        for (String table : vacuum) {
            long started = System.nanoTime();
            jdbc.execute("vacuum (analyze) " + table); // outside a transaction: the template's connection autocommits
            log.debug("vacuumed {} in {} ms", table, (System.nanoTime() - started) / 1_000_000);
        }
        analyze(stale);
        if (!vacuum.isEmpty() || !stale.isEmpty()) {
            log.info("vacuumed {} and analyzed {} (autovacuum is off)", vacuum, stale);
        }
        return java.util.stream.Stream.concat(vacuum.stream(), stale.stream()).toList();
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
                refreshStale();
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
