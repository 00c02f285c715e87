package io.salespipeline.command.api;

import io.salespipeline.command.CommandSideApplication;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.platform.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Command-side instances started and stopped by the test, on a database of their own: two instances
 * writing to one lead, and a deadline that outlives a restart.
 */
class MultiInstanceTest {

    /** Scheduled deadlines (the table also holds the hourly idempotency clean-up). */
    private static final String DEADLINES = "select count(*) from scheduled_tasks where task_name <> 'idempotency-cleanup'";

    private static String database;
    private final List<ConfigurableApplicationContext> running = new ArrayList<>();

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }


    @Test
    void twoInstancesWritingOneLead_leaveAGapFreeSequence_andLosersGet409() throws Exception {
        ConfigurableApplicationContext a = start();
        ConfigurableApplicationContext b = start();
        try {
            Http onA = Http.on(port(a)).as("sales");
            Http onB = Http.on(port(b)).as("sales");
            String id = onA.post("/api/leads", """
                    {"company": {"name": "Two Writers"}, "contact": {"name": "T", "phone": "1"}, "source": "WEBSITE"}""")
                    .json().get("leadId").asText();
            ExecutorService pool = Executors.newFixedThreadPool(20);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Http target = i % 2 == 0 ? onA : onB;
                String body = "{\"action\": \"step " + i + "\", \"dueAt\": \"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}";
                futures.add(pool.submit(() -> {
                    go.await();
                    return target.post("/api/leads/" + id + "/next-step", body);
                }));
            }
            go.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> f : futures) {
                responses.add(f.get());
            }
            pool.shutdown();
            List<Http.Response> won = responses.stream().filter(r -> r.status() == 200).toList();
            assertThat(won).isNotEmpty();
            assertThat(responses).filteredOn(r -> r.status() != 200).allSatisfy(r -> {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
                assertThat(r.contentType()).startsWith("application/problem+json");
            });
            List<Long> sequence = jdbc(a).queryForList("select sequence_number from domain_event_entry "
                    + "where aggregate_identifier = ? order by sequence_number", Long.class, id);
            assertThat(sequence).containsExactlyElementsOf(LongStream.range(0, 1 + won.size()).boxed().toList());
        } finally {
            stop(b);
            stop(a);
        }
    }

    @Test
    void aDeadlineScheduledBeforeARestart_firesAfterIt() throws Exception {
        ConfigurableApplicationContext first = start();
        String id;
        Instant promisedBy = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.MILLIS);
        try {
            Http sales = Http.on(port(first)).as("sales");
            id = sales.post("/api/leads", """
                    {"company": {"name": "Deadline Corp"}, "contact": {"name": "D", "phone": "1"}, "source": "WEBSITE"}""")
                    .json().get("leadId").asText();
            sales.post("/api/leads/" + id + "/first-contact", "{\"channel\": \"PHONE\", \"nextContactAt\": \""
                    + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}");
            sales.post("/api/leads/" + id + "/qualification",
                    "{\"estimatedValue\": {\"amount\": \"5000\", \"currency\": \"PLN\"}, \"proposedService\": \"audit\"}");
            Http.Response started = sales.post("/api/leads/" + id + "/offer-preparation", "{\"promisedBy\": \"" + promisedBy + "\"}");
            assertThat(started.status()).as(started.toString()).isEqualTo(200);
            assertThat(jdbc(first).queryForObject(DEADLINES, Integer.class)).isEqualTo(1);
        } finally {
            stop(first);
        }

        // nothing runs while the deadline passes
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), promisedBy).toMillis()) + 1000);
        JdbcTemplate direct = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                database, TestDatabase.user(), ""));
        assertThat(eventTypes(direct, id)).doesNotContain("OfferDeadlineMissed");

        ConfigurableApplicationContext restarted = start();
        try {
            Instant until = Instant.now().plusSeconds(30);
            while (!eventTypes(direct, id).contains("OfferDeadlineMissed") && Instant.now().isBefore(until)) {
                Thread.sleep(200);
            }
            assertThat(eventTypes(direct, id)).endsWith("OfferPreparationStarted", "OfferDeadlineMissed");
            String payload = direct.queryForObject("select convert_from(payload, 'UTF8') from domain_event_entry "
                    + "where aggregate_identifier = ? and payload_type like '%OfferDeadlineMissed'", String.class, id);
            assertThat(payload).contains("\"promisedBy\":\"" + promisedBy + "\"");
            assertThat(direct.queryForObject(DEADLINES, Integer.class)).isZero();
        } finally {
            stop(restarted);
        }
    }

    private ConfigurableApplicationContext start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandSideApplication.class)
                .profiles("apitest")
                .run("--server.port=0", "--spring.datasource.url=" + database,
                        "--spring.datasource.username=" + TestDatabase.user(), "--spring.main.banner-mode=off");
        running.add(context);
        return context;
    }

    private void stop(ConfigurableApplicationContext context) {
        context.close();
        running.remove(context);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static JdbcTemplate jdbc(ConfigurableApplicationContext context) {
        return context.getBean(JdbcTemplate.class);
    }

    private static List<String> eventTypes(JdbcTemplate jdbc, String id) {
        return jdbc.queryForList("select payload_type from domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", String.class, id).stream()
                .map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
    }
}
