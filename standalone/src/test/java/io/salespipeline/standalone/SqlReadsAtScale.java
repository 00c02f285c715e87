package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.platform.testing.TestDatabase;
import io.salespipeline.query.QuerySideApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;

/**
 * Builds a database at scale for the read queries' EXPLAIN ANALYZE (docs/benchmarks/sql-reads-*.md), and keeps
 * it: {@code -Dbenchmark=true -Dbenchmark.database=jdbc:postgresql://127.0.0.1:5432/NAME} (an empty database you
 * created) {@code -Dbenchmark.leads=110000}. The query side migrates it, the log is appended and projected.
 */
@EnabledIfSystemProperty(named = "benchmark.database", matches = "jdbc:.*")
class SqlReadsAtScale {

    @Test
    void buildTheDatabase() throws Exception {
        String database = System.getProperty("benchmark.database");
        int leads = Integer.getInteger("benchmark.leads", 110_000);
        try (ConfigurableApplicationContext queries = new SpringApplicationBuilder(QuerySideApplication.class).run(
                "--server.port=0", "--spring.profiles.active=apitest", "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestDatabase.user(), "--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--db-scheduler.enabled=false", "--pipeline.projections.batch-size=2000")) {
            JdbcTemplate jdbc = queries.getBean(JdbcTemplate.class);
            Instant started = Instant.now();
            int events = ScaleLog.append(jdbc, queries.getBean(ObjectMapper.class), leads, Instant.now());
            System.out.println("appended " + events + " events in " + Duration.between(started, Instant.now()).toSeconds() + " s");
            Instant until = Instant.now().plus(Duration.ofMinutes(40));
            while (Instant.now().isBefore(until)) {
                Long visits = jdbc.queryForObject("select coalesce(sum(version), 0) from visit_lead", Long.class);
                Long views = jdbc.queryForObject("select coalesce(sum(version), 0) from lead_view", Long.class);
                Long rebuilding = jdbc.queryForObject("select count(*) from projection_rebuild", Long.class);
                if (visits >= events && views >= events && rebuilding == 0) {
                    System.out.println("projected in " + Duration.between(started, Instant.now()).toSeconds() + " s");
                    return;
                }
                Thread.sleep(2000);
            }
            throw new AssertionError("not projected in 40 minutes");
        }
    }
}
