package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.command.CommandSideApplication;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.platform.testing.TestDatabase;
import io.salespipeline.query.QuerySideApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measurements, not tests: run on purpose with
 * {@code mvn -B -pl standalone -am verify -Dbenchmark=true -Dtest=ReplayAndLagBenchmarks -Dsurefire.failIfNoSpecifiedTests=false}.
 * Each writes a report to {@code standalone/target/benchmarks/}. The split deployment (command side and
 * query side as separate applications) runs on its own PostgreSQL database.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ReplayAndLagBenchmarks {

    private static final Path REPORTS = Path.of("target", "benchmarks");

    /** Replay of every projection over a synthetic log of at least 100,000 events, three runs. */
    @Test
    void replayRate() throws Exception {
        String database = TestDatabase.create();
        int leads = Integer.getInteger("benchmark.leads", 17_000);
        try (ConfigurableApplicationContext queries = start(QuerySideApplication.class, database, "--db-scheduler.enabled=false")) {
            JdbcTemplate jdbc = queries.getBean(JdbcTemplate.class);
            Instant appendStart = Instant.now();
            int events = SyntheticLog.append(jdbc, queries.getBean(ObjectMapper.class), leads,
                    Instant.parse("2025-01-01T00:00:00Z"));
            Duration appended = Duration.between(appendStart, Instant.now());
            Http admin = Http.on(port(queries)).as("admin");
            awaitProjected(jdbc, events); // the first projection of the new log

            List<String> lines = new ArrayList<>();
            lines.add("# Replay benchmark (" + Instant.now() + ")");
            lines.add("");
            lines.add("Synthetic log: " + leads + " leads, " + events + " events (appended in " + appended.toSeconds() + " s).");
            lines.add("Projections: lead-views, stage-visits; pooled streaming, batch 200, 4 segments, 2 threads; "
                    + "PostgreSQL 15 on the same 2-core machine.");
            lines.add("");
            lines.add("| run | seconds | events/s (all projections) | peak old-generation heap, MiB |");
            lines.add("|---|---|---|---|");
            List<Double> rates = new ArrayList<>();
            for (int run = 1; run <= 3; run++) {
                System.gc();
                resetPeaks();
                Instant start = Instant.now();
                admin.post("/api/admin/replays", "{}");
                JsonNode done = awaitCompleted(admin);
                double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
                double rate = events / seconds;
                rates.add(rate);
                lines.add("| " + run + " | " + String.format("%.1f", seconds) + " | " + String.format("%.0f", rate) + " | "
                        + peakOldGenMiB() + " |");
                if (done.get("position").asLong() < events) {
                    throw new AssertionError("replay ended early: " + done);
                }
            }
            Collections.sort(rates);
            lines.add("");
            lines.add("Median: " + String.format("%.0f", rates.get(1)) + " events/s.");
            write("replay.md", lines);
        }
    }

    /** Time from a command's response on the command side to its visibility on the query side. */
    @Test
    void commandToQueryLag() throws Exception {
        String database = TestDatabase.create();
        try (ConfigurableApplicationContext commands = start(CommandSideApplication.class, database);
             ConfigurableApplicationContext queries = start(QuerySideApplication.class, database, "--db-scheduler.enabled=false")) {
            Http commandSide = Http.on(port(commands)).as("sales");
            Http querySide = Http.on(port(queries)).as("sales");
            List<Long> lags = new ArrayList<>();
            int samples = Integer.getInteger("benchmark.samples", 200);
            for (int i = 0; i < samples + 20; i++) {
                Http.Response r = commandSide.post("/api/leads", """
                        {"company": {"name": "Lag %d"}, "contact": {"name": "L", "phone": "1"}, "source": "WEBSITE"}""".formatted(i));
                long answered = System.nanoTime();
                String id = r.json().get("leadId").asText();
                while (querySide.get("/api/leads/" + id).status() != 200) {
                    Thread.onSpinWait();
                }
                if (i >= 20) { // the first ones warm up both JVMs' code paths
                    lags.add((System.nanoTime() - answered) / 1_000_000);
                }
                Thread.sleep(37); // commands arrive at a human pace, at varying points of the poll cycle
            }
            Collections.sort(lags);
            List<String> lines = List.of("# Command-to-query lag, split deployment (" + Instant.now() + ")", "",
                    "Command side and query side as separate applications on one PostgreSQL database; the query side "
                            + "polls the event store every 100 ms when idle (pipeline.event-store.fetch-delay).", "",
                    samples + " registrations, each read back on the query side until visible:", "",
                    "| median ms | p90 ms | p99 ms | max ms |", "|---|---|---|---|",
                    "| " + lags.get(lags.size() / 2) + " | " + lags.get((int) (lags.size() * 0.9)) + " | "
                            + lags.get((int) (lags.size() * 0.99)) + " | " + lags.get(lags.size() - 1) + " |");
            write("lag.md", lines);
        }
    }

    private static JsonNode awaitCompleted(Http admin) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(20));
        while (Instant.now().isBefore(until)) {
            JsonNode progress = admin.get("/api/admin/replays/current").json();
            if (progress.get("state").asText().equals("COMPLETED")) {
                return progress;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no end in 20 minutes");
    }

    private static void awaitProjected(JdbcTemplate jdbc, long events) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(20));
        while (Instant.now().isBefore(until)) {
            Long views = jdbc.queryForObject("select coalesce(sum(version), 0) from lead_view", Long.class);
            Long visits = jdbc.queryForObject("select coalesce(sum(version), 0) from visit_lead", Long.class);
            if (views >= events && visits >= events) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the log was not projected in 20 minutes");
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakOldGenMiB() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getName().toLowerCase().contains("old"))
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }

    private static ConfigurableApplicationContext start(Class<?> application, String database, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.profiles.active=apitest",
                "--spring.datasource.url=" + database, "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static void write(String name, List<String> lines) throws IOException {
        Files.createDirectories(REPORTS);
        Files.write(REPORTS.resolve(name), lines);
        lines.forEach(System.out::println);
    }
}
