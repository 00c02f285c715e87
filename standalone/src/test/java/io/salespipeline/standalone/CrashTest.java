package io.salespipeline.standalone;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.salespipeline.platform.json.PublishedLanguageJacksonModule;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.platform.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the service (a child JVM on PostgreSQL) while clients send commands and a full
 * replay rebuilds the read models, then a restart: every command that was answered 2xx is in the log,
 * the commands whose answer never came are recorded once when retried with their Idempotency-Key, the
 * interrupted replay resumes and finishes, and the read models equal those of a fresh replay. No start
 * calls out to AxonIQ's update server (a local port stands in for it).
 */
class CrashTest {

    private static final Duration START = Duration.ofMinutes(3);
    private static final int CLIENTS = 4;

    /** A command a client was answered 2xx for: the lead and the version the answer named. */
    record Ack(String marker, String lead, long version) {
    }

    /** A command sent but not answered (the service died): retried later with the same key and body. */
    record Unanswered(String marker, String path, String body) {
    }

    @Test
    void killDashNine_underLoadInTheMiddleOfAReplay_losesNoAcknowledgedCommand_andTheReplayFinishes() throws Exception {
        String database = TestDatabase.create();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, TestDatabase.user(), ""));
        try (ChildService.CallTrap updateServer = new ChildService.CallTrap()) {
            List<String> args = List.of("--server.port=0", "--spring.profiles.active=postgres,apitest",
                    "--spring.main.banner-mode=off", "--spring.datasource.url=" + database,
                    "--spring.datasource.username=" + TestDatabase.user(), "--spring.datasource.hikari.maximum-pool-size=5",
                    "--axon.update-check.url=" + updateServer.url(), "--logging.level.org.axonframework.updates=info",
                    // a rebuild commits its progress every 200 events, so it is seen (and killed) half-way
                    "--pipeline.replay.batch-size=200");
            Map<String, Ack> acks = new ConcurrentHashMap<>();
            Set<Unanswered> unanswered = ConcurrentHashMap.newKeySet();
            AtomicInteger requests = new AtomicInteger();
            List<String> logs = new ArrayList<>();
            int syntheticEvents;
            double killedAtPercent;

            // 1. a log long enough for a replay to take a while; then kill -9 while four clients send
            //    commands and the read models are being rebuilt
            try (ChildService service = ChildService.start("crash-1-under-load-mid-replay", args)) {
                int port = service.awaitStarted(START);
                syntheticEvents = SyntheticLog.append(jdbc, eventJson(), 700, Instant.parse("2026-01-05T08:00:00Z"));
                ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(3));
                Http admin = Http.on(port).as("admin").timeout(Duration.ofMinutes(1));
                assertThat(admin.post("/api/admin/replays", "{}").status()).isEqualTo(202);
                ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
                List<Future<?>> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    clients.add(pool.submit(() -> load(Http.on(port).as("manager"), client, acks, unanswered, requests)));
                }
                StandaloneTest.await(acks::size, n -> n >= 20, Duration.ofMinutes(2));
                JsonNode progress = StandaloneTest.await(() -> admin.get("/api/admin/replays/current").json(),
                        p -> p.get("percent").asDouble() >= 10 || !p.get("state").asText().equals("RUNNING"), Duration.ofMinutes(2));
                assertThat(progress.get("state").asText()).as("the replay must still run when the service is killed: %s", progress)
                        .isEqualTo("RUNNING");
                killedAtPercent = progress.get("percent").asDouble();
                service.kill();
                for (Future<?> client : clients) {
                    client.get(2, TimeUnit.MINUTES);
                }
                pool.shutdownNow();
                logs.add(service.log());
            }
            int acknowledgedBeforeKill = acks.size();
            int unansweredAtKill = unanswered.size();

            // 2. restart: nothing answered 2xx is missing, the unanswered are recorded once when retried with their
            //    key, the interrupted replay resumes and finishes, and the read models equal a fresh replay
            Map<String, List<String>> resumed;
            Map<String, List<String>> fresh;
            String resumedReplayState;
            int exitCode;
            try (ChildService service = ChildService.start("crash-2-restarted", args)) {
                int port = service.awaitStarted(START);
                int missing = 0;
                for (Ack ack : acks.values()) {
                    missing += events(jdbc, ack.marker(), ack.lead(), ack.version() - 1) == 1 ? 0 : 1;
                }
                assertThat(missing).as("acknowledged commands missing after kill -9").isZero();
                Http manager = Http.on(port).as("manager").timeout(Duration.ofMinutes(1));
                for (Unanswered u : unanswered) {
                    Http.Response retried = manager.header("Idempotency-Key", u.marker()).post(u.path(), u.body());
                    requests.incrementAndGet();
                    assertThat(retried.status() / 100).as("retry of %s: %s", u.marker(), retried).isEqualTo(2);
                }
                // the interrupted rebuild resumes by itself and switches its tables in when it has caught up
                Http admin = Http.on(port).as("admin").timeout(Duration.ofMinutes(1));
                resumedReplayState = admin.get("/api/admin/replays/current").json().get("state").asText();
                ReadModels.awaitNoReplay(admin);
                ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(3));
                resumed = ReadModels.dump(jdbc, null);
                ReadModels.replay(Http.on(port).as("admin").timeout(Duration.ofMinutes(1)));
                ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(3));
                fresh = ReadModels.dump(jdbc, null);
                exitCode = service.terminate(Duration.ofMinutes(1));
                logs.add(service.log());
            }

            long found = 0;
            int lost = 0;
            int duplicated = 0;
            Set<String> markers = new java.util.HashSet<>(acks.keySet());
            unanswered.forEach(u -> markers.add(u.marker()));
            for (String marker : markers) {
                long n = events(jdbc, marker, null, -1);
                found += n;
                lost += n == 0 ? 1 : 0;
                duplicated += n > 1 ? (int) n - 1 : 0;
            }
            System.out.printf("%nCrash: %d requests sent, faults injected: kill -9 under a load of %d clients at %.1f %% of a "
                            + "replay of %d events, 2xx answers before the kill %d, unanswered at the kill %d (retried with their "
                            + "key), commands %d, events found %d, lost %d, duplicated %d; after the restart the replay was %s "
                            + "and finished: read models of %d rows, equal to a fresh replay: %s; calls to the update server: %d%n",
                    requests.get(), CLIENTS, killedAtPercent, syntheticEvents, acknowledgedBeforeKill, unansweredAtKill,
                    markers.size(), found, lost, duplicated, resumedReplayState, ReadModels.rows(resumed), fresh.equals(resumed),
                    updateServer.connections());

            assertThat(lost).isZero();
            assertThat(duplicated).isZero();
            assertThat(ReadModels.differences(fresh, resumed)).as("resumed replay against a fresh one").isEmpty();
            assertThat(resumed).isEqualTo(fresh);
            assertThat(ReadModels.rows(resumed)).isGreaterThan(syntheticEvents);
            assertThat(exitCode).as("exit code after SIGTERM").isEqualTo(143);
            assertThat(updateServer.connections()).as("calls to the update server").isZero();
            assertThat(logs).allSatisfy(log -> assertThat(log).contains("You have opted out of the AxonIQ UpdateChecker"));
        }
    }

    /** A client registers leads and schedules next steps on them, each with an Idempotency-Key, until the service dies. */
    private static Void load(Http manager, int client, Map<String, Ack> acks, Set<Unanswered> unanswered, AtomicInteger requests) {
        String lead = null;
        for (int n = 0; ; n++) {
            String marker = "crash-" + client + "-" + n;
            boolean register = lead == null || n % 4 == 0;
            String path = register ? "/api/leads" : "/api/leads/" + lead + "/next-step";
            String body = register
                    ? "{\"company\": {\"name\": \"" + marker + "\"}, \"contact\": {\"name\": \"C\", \"phone\": \"1\"}, \"source\": \"WEBSITE\"}"
                    : "{\"action\": \"" + marker + "\", \"dueAt\": \"2099-01-01T00:00:00Z\"}";
            Http.Response r;
            try {
                requests.incrementAndGet();
                r = manager.header("Idempotency-Key", marker).post(path, body);
            } catch (IllegalStateException connectionFailed) {
                unanswered.add(new Unanswered(marker, path, body));
                return null; // the service is gone
            }
            if (r.status() / 100 != 2) {
                throw new AssertionError(marker + ": " + r);
            }
            String answered = r.json().get("leadId").asText();
            acks.put(marker, new Ack(marker, answered, r.json().get("version").asLong()));
            if (register) {
                lead = answered;
            }
        }
    }

    /** Events carrying {@code marker}; when {@code lead} is given, only at that lead and sequence number. */
    private static long events(JdbcTemplate jdbc, String marker, String lead, long sequence) {
        String like = "%\"" + marker + "\"%";
        return lead == null
                ? jdbc.queryForObject("select count(*) from domain_event_entry where convert_from(payload, 'UTF8') like ?", Long.class, like)
                : jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? and sequence_number = ? "
                + "and convert_from(payload, 'UTF8') like ?", Long.class, lead, sequence, like);
    }

    /** The events' JSON as the service writes it (ISO instants, amounts as strings, no nulls). */
    private static ObjectMapper eventJson() {
        return Jackson2ObjectMapperBuilder.json().modules(new JavaTimeModule(), new PublishedLanguageJacksonModule())
                .serializationInclusion(JsonInclude.Include.NON_NULL).build();
    }
}
