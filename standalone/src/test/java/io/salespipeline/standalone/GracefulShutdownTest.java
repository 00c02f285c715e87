package io.salespipeline.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code SIGTERM} under load, in the newcomer's configuration (standalone on its embedded H2 file
 * database, a child JVM): the requests in flight finish, the event processors stop before the
 * connection pool closes, the log shows no error (H2 used to report "Database is already closed" at
 * every stop), and every command that was answered is in the log while none that went unanswered is.
 */
class GracefulShutdownTest {

    private static final int CLIENTS = 3;

    @TempDir
    Path dataDir;

    /** A request's answer: its status ({@code null}: no connection) and, for any other than 2xx, what it said. */
    record Outcome(String marker, Integer status, long answeredAt, String said) {
    }

    @Test
    void sigtermUnderLoad_finishesTheRequestsInFlight_stopsTheProcessorsBeforeThePool_andLogsNoError() throws Exception {
        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        long sigtermAt;
        int exitCode;
        String log;
        int updateServerCalls;
        try (ChildService.CallTrap updateServer = new ChildService.CallTrap();
             ChildService service = ChildService.start("shutdown-h2-under-load", List.of("--server.port=0",
                     "--PIPELINE_DATA_DIR=" + dataDir, "--spring.main.banner-mode=off",
                     "--axon.update-check.url=" + updateServer.url()))) {
            int port = service.awaitStarted(Duration.ofMinutes(3));
            Run run = new Run();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> load(port, client, run, outcomes)));
            }
            StandaloneTest.await(() -> outcomes.values().stream().filter(o -> o.status() != null).count(), n -> n >= 12,
                    Duration.ofMinutes(2));
            sigtermAt = System.nanoTime();
            exitCode = service.terminate(Duration.ofMinutes(1));
            run.stop = true;
            for (Future<?> client : clients) {
                client.get(1, TimeUnit.MINUTES);
            }
            pool.shutdownNow();
            log = service.log();
            updateServerCalls = updateServer.connections();
        }

        JdbcTemplate h2 = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:file:" + dataDir.resolve("pipeline")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", ""));
        int answered = 0;
        int answeredAfterSigterm = 0;
        int lost = 0;
        int duplicated = 0;
        int unansweredButRecorded = 0;
        int unanswered = 0;
        for (Outcome o : outcomes.values()) {
            long events = h2.queryForObject("select count(*) from domain_event_entry where utf8tostring(payload) like ?",
                    Long.class, "%\"" + o.marker() + "\"%");
            if (o.status() != null && o.status() / 100 == 2) {
                answered++;
                answeredAfterSigterm += o.answeredAt() > sigtermAt ? 1 : 0;
                lost += events == 0 ? 1 : 0;
                duplicated += events > 1 ? (int) events - 1 : 0;
            } else if (o.status() == null) {
                unanswered++;
                unansweredButRecorded += events > 0 ? 1 : 0;
            }
        }
        Map<String, Long> statuses = outcomes.values().stream().collect(Collectors.groupingBy(
                o -> o.status() == null ? "no answer" : String.valueOf(o.status()), TreeMap::new, Collectors.counting()));
        String afterStop = log.substring(Math.max(0, log.indexOf("Commencing graceful shutdown")));
        // the last line a processor logs when it stops (tracking processors: a worker; pooled ones: the processor)
        int processorsStopped = java.util.regex.Pattern.compile("Worker for segment .* stopped|Stopping PooledStreamingEventProcessor")
                .matcher(afterStop).results().mapToInt(java.util.regex.MatchResult::start).max().orElse(-1);
        int poolClosed = afterStop.indexOf("HikariPool-1 - Shutdown initiated");
        System.out.printf("%nGraceful shutdown: %d clients, %d requests sent, faults injected: SIGTERM under load, answers %s, "
                        + "2xx answers %d (%d of them after the SIGTERM), events found for them %d, lost %d, duplicated %d, "
                        + "unanswered %d of which recorded %d; exit code %d; processors stopped before the pool closed: %s; "
                        + "errors in the log after the stop began: %d; calls to the update server: %d%n",
                CLIENTS, outcomes.size(), statuses, answered, answeredAfterSigterm, answered - lost, lost, duplicated,
                unanswered, unansweredButRecorded, exitCode, processorsStopped >= 0 && processorsStopped < poolClosed,
                afterStop.lines().filter(l -> l.contains(" ERROR ")).count(), updateServerCalls);

        assertThat(exitCode).as("exit code after SIGTERM").isEqualTo(143);
        assertThat(statuses.keySet()).as("a request gets its answer or no connection, never an error: %s %s", statuses,
                        outcomes.values().stream().filter(o -> o.said() != null).map(Outcome::said).toList())
                .isSubsetOf("200", "201", "no answer");
        assertThat(lost).as("answered commands missing").isZero();
        assertThat(duplicated).isZero();
        assertThat(unansweredButRecorded).as("commands cut off after they were recorded").isZero();
        assertThat(afterStop).contains("Graceful shutdown complete");
        assertThat(processorsStopped).as("the processors stop").isNotNegative();
        assertThat(poolClosed).as("the pool closes").isNotNegative();
        assertThat(processorsStopped).as("the processors stop before the pool closes").isLessThan(poolClosed);
        assertThat(afterStop).doesNotContain("Database is already closed").doesNotContain(" ERROR ")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(log).contains("DEMO USERS ACTIVE");
        assertThat(updateServerCalls).as("calls to the update server").isZero();
    }

    static final class Run {
        volatile boolean stop;
    }

    /** Registers leads and schedules next steps, each with an Idempotency-Key, one connection per request. */
    private static Void load(int port, int client, Run run, Map<String, Outcome> outcomes) {
        String lead = null;
        for (int n = 0; !run.stop; n++) {
            String marker = "stop-" + client + "-" + n;
            boolean register = lead == null || n % 3 == 0;
            String path = register ? "/api/leads" : "/api/leads/" + lead + "/next-step";
            String body = register
                    ? "{\"company\": {\"name\": \"" + marker + "\"}, \"contact\": {\"name\": \"S\", \"phone\": \"1\"}, \"source\": \"OTHER\"}"
                    : "{\"action\": \"" + marker + "\", \"dueAt\": \"2099-01-01T00:00:00Z\"}";
            try {
                RawHttp.Response r = RawHttp.send(port, RawHttp.request("POST", path.getBytes(StandardCharsets.UTF_8),
                        List.of(RawHttp.basicAuth("sales", "sales"), RawHttp.header("Content-Type: application/json"),
                                RawHttp.header("Idempotency-Key: " + marker)), body.getBytes(StandardCharsets.UTF_8)));
                outcomes.put(marker, new Outcome(marker, r.status(), System.nanoTime(), r.status() / 100 == 2 ? null
                        : path + " " + new String(r.body(), StandardCharsets.UTF_8)));
                if (register && r.status() == 201) {
                    lead = r.json().get("leadId").asText();
                }
            } catch (UncheckedIOException | IllegalStateException noConnection) {
                outcomes.put(marker, new Outcome(marker, null, System.nanoTime(), null));
                StandaloneTest.sleep(50);
            }
        }
        return null;
    }
}
