package io.salespipeline.standalone;

import io.salespipeline.platform.testing.Http;
import io.salespipeline.platform.testing.TestDatabase;
import io.salespipeline.query.QuerySideApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The reads' latency at scale, 8 concurrent clients per endpoint, against a database built by
 * {@link SqlReadsAtScale} (measurements, not tests):
 * {@code mvn -B -pl standalone -am verify -Dtest=SqlReadsBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbenchmark.database=jdbc:postgresql://127.0.0.1:5432/NAME} ({@code -Dbenchmark.requests=80} per endpoint,
 * {@code -Dbenchmark.only=board}: the endpoints whose name contains it).
 */
@EnabledIfSystemProperty(named = "benchmark.database", matches = "jdbc:.*")
class SqlReadsBenchmark {

    @Test
    void readLatencies() throws Exception {
        String database = System.getProperty("benchmark.database");
        int requests = Integer.getInteger("benchmark.requests", 80);
        int clients = Integer.getInteger("benchmark.clients", 8);
        try (ConfigurableApplicationContext queries = new SpringApplicationBuilder(QuerySideApplication.class).run(
                "--server.port=0", "--spring.profiles.active=apitest", "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestDatabase.user(), "--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--db-scheduler.enabled=false")) {
            int port = Integer.parseInt(queries.getEnvironment().getProperty("local.server.port"));
            JdbcTemplate jdbc = queries.getBean(JdbcTemplate.class);
            List<String> leads = jdbc.queryForList("select lead_id from visit_lead order by lead_id limit 2000", String.class);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String sixMonths = now.minus(Duration.ofDays(182)).toString();
            String monthFrom = now.minus(Duration.ofDays(60)).toString();
            String monthTo = now.minus(Duration.ofDays(30)).toString();
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("board now", "/api/pipeline");
            endpoints.put("board 6 months back", "/api/pipeline?at=" + sixMonths);
            endpoints.put("board now, one owner", "/api/pipeline?owner=rep3");
            endpoints.put("leads, no filter", "/api/leads");
            endpoints.put("leads?stage=", "/api/leads?stage=OFFER_SENT");
            endpoints.put("leads?owner=", "/api/leads?owner=rep3");
            endpoints.put("leads?source=", "/api/leads?source=REFERRAL");
            endpoints.put("leads?pipeline=", "/api/leads?pipeline=default");
            endpoints.put("leads?flag=", "/api/leads?flag=NEXT_STEP_OVERDUE");
            endpoints.put("leads, page 50", "/api/leads?page=50");
            endpoints.put("lead", "/api/leads/{id}");
            endpoints.put("lead history", "/api/leads/{id}/history");
            for (String report : List.of("lost-reasons", "time-in-stage", "funnel", "sla")) {
                endpoints.put(report + ", all history", "/api/analytics/" + report);
                endpoints.put(report + ", one month", "/api/analytics/" + report + "?from=" + monthFrom + "&to=" + monthTo);
            }
            String only = System.getProperty("benchmark.only", "");
            endpoints.keySet().removeIf(name -> !name.contains(only));
            Http manager = Http.on(port).as("manager").timeout(Duration.ofSeconds(60));
            List<String> lines = new ArrayList<>();
            lines.add("| endpoint | requests | median ms | p95 ms | max ms |");
            lines.add("|---|---|---|---|---|");
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                for (Map.Entry<String, String> e : endpoints.entrySet()) {
                    for (int i = 0; i < 3; i++) { // warm up
                        get(manager, e.getValue(), leads);
                    }
                    List<Future<Long>> futures = new ArrayList<>();
                    for (int i = 0; i < requests; i++) {
                        futures.add(pool.submit(() -> get(manager, e.getValue(), leads)));
                    }
                    List<Long> ms = new ArrayList<>();
                    for (Future<Long> f : futures) {
                        ms.add(f.get());
                    }
                    Collections.sort(ms);
                    String line = "| " + e.getKey() + " | " + ms.size() + " | " + ms.get(ms.size() / 2) + " | "
                            + ms.get((int) Math.ceil(ms.size() * 0.95) - 1) + " | " + ms.get(ms.size() - 1) + " |";
                    lines.add(line);
                    System.out.println(line);
                }
            } finally {
                pool.shutdownNow();
            }
            System.out.println(String.join("\n", lines));
        }
    }

    private static long get(Http http, String path, List<String> leads) {
        String p = path.replace("{id}", leads.get(ThreadLocalRandom.current().nextInt(leads.size())));
        long start = System.nanoTime();
        Http.Response r = http.get(p);
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (r.status() != 200) {
            throw new AssertionError(p + " " + r);
        }
        return ms;
    }
}
