package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many writers on few leads. A conflict storm: 32 clients send conflicting, conditional ({@code If-Match})
 * and duplicate ({@code Idempotency-Key}) commands to 10 leads; a retry storm: one command with one
 * {@code Idempotency-Key}, 100 times at once. Each command carries a marker of its own in its text, so
 * every event in the log can be traced to the answer that reported it.
 */
class ConflictStormTest extends StandaloneTest {

    private static final int CLIENTS = 32;
    private static final int LEADS = 10;
    private static final int STEPS = 12;
    private static final Pattern MARKER = Pattern.compile("op\\d{5}");

    @Autowired
    JdbcTemplate jdbc;

    enum Kind { NEXT_STEP, CONDITIONAL_NEXT_STEP, LOSE, REOPEN }

    /** One logical command; {@code key} non-null when it is sent with an Idempotency-Key. */
    record Op(String marker, int lead, Kind kind, String key) {
    }

    record Answer(Op op, int status, JsonNode body, String contentType) {
    }

    @Test
    void conflictingAndDuplicateCommands_onTenLeads_leaveGapFreeLogs_thatMatchEveryAnswer_andReplayToTheSameViews()
            throws Exception {
        Http manager = Http.on(port).as("manager").timeout(Duration.ofMinutes(3));
        List<String> leads = IntStream.range(0, LEADS).mapToObj(i -> Leads.in(manager, Leads.At.QUALIFIED)).toList();
        Map<String, Long> setupEvents = new HashMap<>();
        leads.forEach(id -> setupEvents.put(id, (long) sequences(id).size()));
        List<List<Op>> plan = plan(new Random(8));

        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> clients = new ArrayList<>();
        for (List<Op> ops : plan) {
            clients.add(pool.submit(() -> {
                start.await();
                Map<Integer, Long> seen = new HashMap<>();
                for (Op op : ops) {
                    Http.Response r = send(manager, leads.get(op.lead()), op, seen.getOrDefault(op.lead(), 2L));
                    JsonNode body = r.body() == null || r.body().isEmpty() ? null : r.json();
                    if (r.status() == 200) {
                        seen.put(op.lead(), body.get("version").asLong());
                    } else if (r.status() == 412 && r.header("ETag") != null) {
                        seen.put(op.lead(), Long.parseLong(r.header("ETag").replace("\"", "")));
                    }
                    answers.add(new Answer(op, r.status(), body, r.contentType()));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> client : clients) {
            client.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        // every answer is a success or a refusal for the conflict it met
        Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
        assertThat(byStatus.keySet()).as("statuses %s", byStatus).isSubsetOf(200, 409, 412);
        assertThat(answers).filteredOn(a -> a.status() != 200)
                .allSatisfy(a -> assertThat(a.contentType()).startsWith("application/problem+json"));

        // every lead's log has no gap
        for (String lead : leads) {
            List<Long> sequences = sequences(lead);
            assertThat(sequences).as("sequence numbers of %s", lead)
                    .containsExactlyElementsOf(LongStream.range(0, sequences.size()).boxed().toList());
        }

        // every success has exactly its event, at the version it answered; every refusal has none
        Map<String, List<long[]>> eventsByMarker = new HashMap<>();
        int stormEvents = 0;
        int unmarked = 0;
        for (int i = 0; i < LEADS; i++) {
            String lead = leads.get(i);
            int leadIndex = i;
            for (Map<String, Object> row : jdbc.queryForList("select sequence_number, payload from domain_event_entry "
                    + "where aggregate_identifier = ? and sequence_number >= ? order by sequence_number", lead, setupEvents.get(lead))) {
                stormEvents++;
                Matcher m = MARKER.matcher(new String((byte[]) row.get("payload"), java.nio.charset.StandardCharsets.UTF_8));
                if (m.find()) {
                    eventsByMarker.computeIfAbsent(m.group(), k -> new ArrayList<>())
                            .add(new long[]{leadIndex, ((Number) row.get("sequence_number")).longValue()});
                } else {
                    unmarked++;
                }
            }
        }
        Map<String, List<Answer>> answersByMarker = answers.stream().collect(Collectors.groupingBy(a -> a.op().marker()));
        int lost = 0;
        int duplicated = 0;
        int refusedButRecorded = 0;
        int successes = 0;
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, List<Answer>> entry : answersByMarker.entrySet()) {
            List<long[]> events = eventsByMarker.getOrDefault(entry.getKey(), List.of());
            List<Answer> ok = entry.getValue().stream().filter(a -> a.status() == 200).toList();
            successes += ok.size();
            if (ok.isEmpty()) {
                refusedButRecorded += events.size();
                continue;
            }
            if (events.isEmpty()) {
                lost++;
                continue;
            }
            if (events.size() > 1) {
                duplicated += events.size() - 1;
            }
            long[] event = events.get(0);
            for (Answer a : ok) {
                if (!a.body().get("leadId").asText().equals(leads.get((int) event[0]))
                        || a.body().get("version").asLong() != event[1] + 1) {
                    mismatches.add(entry.getKey() + ": answered " + a.body() + ", event at sequence " + event[1]);
                }
            }
        }
        int orphans = (int) eventsByMarker.keySet().stream().filter(m -> !answersByMarker.containsKey(m)).count() + unmarked;
        int duplicatesSent = answers.size() - answersByMarker.size();
        System.out.printf("%nConflict storm: %d clients, %d leads, %d requests (%d distinct commands, %d duplicates sent with "
                        + "the same Idempotency-Key), answers by status %s, 2xx answers %d, events found %d, "
                        + "lost %d, duplicated %d, refused but recorded %d, events without an answer %d%n",
                CLIENTS, LEADS, answers.size(), answersByMarker.size(), duplicatesSent, byStatus, successes, stormEvents,
                lost, duplicated, refusedButRecorded, orphans);
        assertThat(mismatches).isEmpty();
        assertThat(lost).as("successes without their event").isZero();
        assertThat(duplicated).as("commands recorded twice").isZero();
        assertThat(refusedButRecorded).as("refusals that recorded an event").isZero();
        assertThat(orphans).as("events nobody was told about").isZero();
        assertThat(byStatus.get(200)).isPositive();
        assertThat(byStatus.getOrDefault(409, 0L) + byStatus.getOrDefault(412, 0L)).isPositive();

        // the projections equal a fresh replay of the log
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));
        Map<String, List<String>> live = ReadModels.dump(jdbc, leads);
        ReadModels.replay(Http.on(port).as("admin"));
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));
        Map<String, List<String>> replayed = ReadModels.dump(jdbc, leads);
        assertThat(ReadModels.differences(live, replayed)).isEmpty();
        assertThat(replayed).isEqualTo(live);
        System.out.printf("Conflict storm: read models of the %d leads (%d rows) equal a fresh replay%n", LEADS, ReadModels.rows(live));
    }

    @Test
    void oneIdempotencyKey_sentAHundredTimesAtOnce_recordsOneEvent_andGivesEveryCallerTheSameAnswer() throws Exception {
        Http sales = Http.on(port).as("sales").timeout(Duration.ofMinutes(3));
        String company = "Retry Storm " + java.util.UUID.randomUUID();
        String key = "retry-storm-" + java.util.UUID.randomUUID();
        List<Http.Response> registrations = concurrently(100, i -> sales.header("Idempotency-Key", key).post("/api/leads", """
                {"company": {"name": "%s"}, "contact": {"name": "R", "phone": "1"}, "source": "REFERRAL"}""".formatted(company)));
        assertThat(registrations).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(201));
        assertThat(registrations.stream().map(Http.Response::body).distinct()).hasSize(1);
        assertThat(registrations.stream().map(r -> r.header("Location")).distinct()).hasSize(1);
        String lead = registrations.get(0).json().get("leadId").asText();
        long registered = jdbc.queryForObject("select count(*) from domain_event_entry where convert_from(payload, 'UTF8') like ?",
                Long.class, "%" + company + "%");

        String step = "Retry storm step " + java.util.UUID.randomUUID();
        String stepKey = "retry-storm-" + java.util.UUID.randomUUID();
        String stepBody = "{\"action\": \"" + step + "\", \"dueAt\": \"" + Leads.future(24) + "\"}";
        List<Http.Response> steps = concurrently(100, i -> sales.header("Idempotency-Key", stepKey)
                .post("/api/leads/" + lead + "/next-step", stepBody));
        assertThat(steps).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(steps.stream().map(Http.Response::body).distinct()).hasSize(1);
        assertThat(steps.stream().map(r -> r.header("ETag")).distinct()).containsExactly("\"2\"");
        long stepped = jdbc.queryForObject("select count(*) from domain_event_entry where convert_from(payload, 'UTF8') like ?",
                Long.class, "%" + step + "%");
        System.out.printf("%nRetry storm: 2 x 100 concurrent requests with one Idempotency-Key each, 2xx answers %d, "
                        + "distinct answers %d, events found %d (lost %d, duplicated %d)%n",
                registrations.size() + steps.size(), 2, registered + stepped,
                (registered == 0 ? 1 : 0) + (stepped == 0 ? 1 : 0), Math.max(0, registered - 1) + Math.max(0, stepped - 1));
        assertThat(registered).isEqualTo(1);
        assertThat(stepped).isEqualTo(1);
        assertThat(sequences(lead)).containsExactly(0L, 1L);
    }

    /** Per client, its steps; a quarter of the steps are one command sent by two or three clients at once. */
    private static List<List<Op>> plan(Random random) {
        List<List<Op>> plan = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            plan.add(new ArrayList<>(Collections.nCopies(STEPS, null)));
        }
        int next = 0;
        for (int step = 0; step < STEPS; step++) {
            for (int c = 0; c < CLIENTS; c++) {
                if (plan.get(c).get(step) != null) {
                    continue;
                }
                Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                String marker = "op%05d".formatted(next++);
                boolean duplicate = kind != Kind.CONDITIONAL_NEXT_STEP && random.nextInt(4) == 0;
                Op op = new Op(marker, random.nextInt(LEADS), kind, duplicate || random.nextBoolean() ? "key-" + marker : null);
                plan.get(c).set(step, op);
                if (duplicate) {
                    int copies = 1 + random.nextInt(2);
                    for (int d = 0, other = c + 1; d < copies && other < CLIENTS; other++) {
                        if (plan.get(other).get(step) == null) {
                            plan.get(other).set(step, op);
                            d++;
                        }
                    }
                }
            }
        }
        return plan;
    }

    private static Http.Response send(Http manager, String lead, Op op, long lastSeenVersion) {
        Http http = op.key() != null ? manager.header("Idempotency-Key", op.key()) : manager;
        String path = "/api/leads/" + lead + "/";
        return switch (op.kind()) {
            case NEXT_STEP -> http.post(path + "next-step", "{\"action\": \"" + op.marker() + "\", \"dueAt\": \"2099-01-01T00:00:00Z\"}");
            case CONDITIONAL_NEXT_STEP -> http.header("If-Match", "\"" + lastSeenVersion + "\"")
                    .post(path + "next-step", "{\"action\": \"" + op.marker() + "\", \"dueAt\": \"2099-01-01T00:00:00Z\"}");
            case LOSE -> http.post(path + "lost", "{\"reason\": \"OTHER\", \"details\": \"" + op.marker() + "\"}");
            case REOPEN -> http.post(path + "reopening", "{\"reason\": \"" + op.marker() + "\"}");
        };
    }

    private List<Long> sequences(String lead) {
        return jdbc.queryForList("select sequence_number from domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", Long.class, lead);
    }

    private static List<Http.Response> concurrently(int n, Function<Integer, Http.Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Http.Response>> futures = IntStream.range(0, n).mapToObj(i -> pool.submit(() -> {
                start.await();
                return request.apply(i);
            })).toList();
            start.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> f : futures) {
                responses.add(f.get(2, TimeUnit.MINUTES));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
