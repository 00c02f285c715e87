package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.history.HistoryGenerator;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.platform.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the service (a child JVM on PostgreSQL) in the middle of an import, then {@code SIGTERM}
 * in the middle of the resumed import: no lead is ever recorded in part, a stopped import stays {@code RUNNING},
 * and after each restart the import resumes where its last committed chunk ended and completes with every lead
 * recorded once (none rejected as a lead that exists, which a chunk recorded twice would give).
 */
class ImportRestartTest {

    private static final Duration START = Duration.ofMinutes(3);
    private static final int LEADS = 4000;

    @Test
    void anImportKilledMidway_resumesAfterTheRestart_andRecordsEveryLeadOnce_neverHalfALead() {
        String database = TestDatabase.create();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, TestDatabase.user(), ""));
        List<String> args = List.of("--server.port=0", "--spring.profiles.active=postgres,apitest",
                "--spring.main.banner-mode=off", "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestDatabase.user(), "--spring.datasource.hikari.maximum-pool-size=5",
                // small transactions, so that the kill finds some committed and one in flight
                "--pipeline.imports.leads-per-transaction=50");
        HistoryGenerator generator = new HistoryGenerator(20261127, Instant.now().minus(1, ChronoUnit.HOURS));
        Map<String, Integer> expected = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LEADS; i++) {
            HistoryGenerator.GeneratedLead lead = generator.next();
            expected.put(lead.leadId().toString(), lead.events());
            lines.add(lead.line());
        }
        long expectedEvents = expected.values().stream().mapToLong(Integer::longValue).sum();
        String id;
        double killedAtPercent;
        try (ChildService service = ChildService.start("import-1-killed-midway", args)) {
            int port = service.awaitStarted(START);
            Imports.Posted posted = Imports.send(port, "admin", String.join("\n", lines) + "\n");
            assertThat(posted.status()).as(posted.body()).isEqualTo(202);
            id = posted.json().get("id").asText();
            Http admin = Http.on(port).as("admin").timeout(Duration.ofMinutes(1));
            JsonNode progress = StandaloneTest.await(() -> admin.get("/api/imports/" + id).json(),
                    p -> p.get("percent").asDouble() >= 5 || !p.get("state").asText().equals("RUNNING"), Duration.ofMinutes(2));
            assertThat(progress.get("state").asText()).as("the import must still run when the service is killed: %s", progress)
                    .isEqualTo("RUNNING");
            killedAtPercent = progress.get("percent").asDouble();
            service.kill();
        }
        Map<String, Long> afterKill = eventsPerLead(jdbc);
        long half = expected.entrySet().stream().filter(e -> {
            long n = afterKill.getOrDefault(e.getKey(), 0L);
            return n != 0 && n != e.getValue();
        }).count();
        long recordedAtKill = expected.keySet().stream().filter(afterKill::containsKey).count();
        assertThat(half).as("leads recorded in part after kill -9").isZero();
        assertThat(recordedAtKill).isLessThan(LEADS);

        // restarted, the import resumes; SIGTERM while it runs lets the chunks in flight finish and leaves it RUNNING
        double stoppedAtPercent;
        int stopExitCode;
        try (ChildService service = ChildService.start("import-2-restarted-then-stopped", args)) {
            int port = service.awaitStarted(START);
            Http admin = Http.on(port).as("admin").timeout(Duration.ofMinutes(1));
            JsonNode progress = StandaloneTest.await(() -> admin.get("/api/imports/" + id).json(),
                    p -> p.get("percent").asDouble() >= killedAtPercent + 10 || !p.get("state").asText().equals("RUNNING"),
                    Duration.ofMinutes(2));
            assertThat(progress.get("state").asText()).as("the import must still run when the service is stopped: %s", progress)
                    .isEqualTo("RUNNING");
            stoppedAtPercent = progress.get("percent").asDouble();
            stopExitCode = service.terminate(Duration.ofMinutes(1));
            assertThat(service.log()).doesNotContain("the import is FAILED");
        }
        Map<String, Long> afterStop = eventsPerLead(jdbc);
        assertThat(expected.entrySet().stream().filter(e -> {
            long n = afterStop.getOrDefault(e.getKey(), 0L);
            return n != 0 && n != e.getValue();
        }).count()).as("leads recorded in part after SIGTERM").isZero();
        assertThat(jdbc.queryForObject("select state from lead_import where id = ?", String.class, id)).isEqualTo("RUNNING");

        JsonNode done;
        int exitCode;
        try (ChildService service = ChildService.start("import-3-restarted", args)) {
            int port = service.awaitStarted(START);
            done = Imports.awaitEnd(Http.on(port).as("admin").timeout(Duration.ofMinutes(1)), id);
            exitCode = service.terminate(Duration.ofMinutes(1));
        }
        Map<String, Long> after = eventsPerLead(jdbc);
        long wrong = expected.entrySet().stream().filter(e -> after.getOrDefault(e.getKey(), 0L) != (long) e.getValue()).count();
        System.out.printf("%nImport restart: %d leads (%d events) imported, kill -9 at %.1f %% with %d leads recorded (none in part); "
                        + "restarted, resumed and stopped by SIGTERM at %.1f %% (none in part, still RUNNING); "
                        + "after the second restart the import was %s: %d leads imported, %d rejected, %d events; leads whose events differ "
                        + "from the file: %d%n", LEADS, expectedEvents, killedAtPercent, recordedAtKill, stoppedAtPercent, done.get("state").asText(),
                done.get("leadsImported").asLong(), done.get("leadsRejected").asLong(), done.get("events").asLong(), wrong);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("leadsImported").asLong()).isEqualTo(LEADS);
        assertThat(done.get("leadsRejected").asLong()).isZero();
        assertThat(done.get("events").asLong()).isEqualTo(expectedEvents);
        assertThat(done.get("percent").asDouble()).isEqualTo(100.0);
        assertThat(wrong).isZero();
        assertThat(exitCode).as("exit code after SIGTERM").isEqualTo(143);
        assertThat(stopExitCode).as("exit code after SIGTERM mid-import").isEqualTo(143);
    }

    private static Map<String, Long> eventsPerLead(JdbcTemplate jdbc) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("select aggregate_identifier, count(*) from domain_event_entry where type = 'Lead' group by aggregate_identifier",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }
}
