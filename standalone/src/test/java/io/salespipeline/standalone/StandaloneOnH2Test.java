package io.salespipeline.standalone;

import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newcomer's configuration: no profile, an embedded H2 file database and the demo users. The same
 * Flyway migrations and Hibernate validation as on PostgreSQL; the data survives a restart.
 */
class StandaloneOnH2Test {

    @TempDir
    Path dataDir;

    @Test
    void theDefaultConfigurationRunsOnH2_andKeepsItsDataAcrossARestart() {
        String id;
        try (ConfigurableApplicationContext app = start()) {
            Http sales = Http.on(port(app)).as("sales");
            Http.Response registered = sales.post("/api/leads", """
                    {"company": {"name": "H2 Ltd"}, "contact": {"name": "H", "email": "h@h2.io"}, "source": "WEBSITE"}""");
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            id = registered.json().get("leadId").asText();
            Http.Response contacted = sales.post("/api/leads/" + id + "/first-contact",
                    "{\"channel\": \"PHONE\", \"nextContactAt\": \"2099-01-01T10:00:00Z\"}");
            assertThat(contacted.status()).isEqualTo(200);
            assertThat(StandaloneTest.awaitVersion(sales, id, 2).get("stage").asText()).isEqualTo("CONTACTED");
            // the board and the lead list's SQL runs on H2 too (the board reads the stage visits: waits for them)
            Http.Response board = sales.get("/api/pipeline?limit=5&minPosition=" + contacted.json().get("position").asLong());
            assertThat(board.status()).as(board.toString()).isEqualTo(200);
            assertThat(board.json().findValuesAsText("leadId")).contains(id);
            assertThat(sales.get("/api/pipeline?at=2020-01-01T00:00:00Z").status()).isEqualTo(200);
            Http.Response list = sales.get("/api/leads?stage=CONTACTED&flag=NO_NEXT_STEP&size=5");
            assertThat(list.status()).as(list.toString()).isEqualTo(200);
            assertThat(sales.get("/api/leads?size=5").json().get("total").asLong()).isEqualTo(1);
        }
        try (ConfigurableApplicationContext app = start()) {
            Http sales = Http.on(port(app)).as("sales");
            assertThat(StandaloneTest.awaitVersion(sales, id, 2).get("company").get("name").asText()).isEqualTo("H2 Ltd");
            Http.Response lost = sales.post("/api/leads/" + id + "/lost", "{\"reason\": \"PRICE\"}");
            assertThat(lost.status()).as(lost.toString()).isEqualTo(200);
            assertThat(lost.json().get("version").asLong()).isEqualTo(3);
            // an import of history (its chunks locked with for update skip locked) runs on H2 too
            io.salespipeline.history.HistoryGenerator generator = new io.salespipeline.history.HistoryGenerator(3,
                    java.time.Instant.now().minusSeconds(3600));
            StringBuilder file = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                file.append(generator.next().line()).append('\n');
            }
            com.fasterxml.jackson.databind.JsonNode imported = Imports.run(port(app), "manager", file.toString());
            assertThat(imported.get("state").asText()).as(imported.toString()).isEqualTo("COMPLETED");
            assertThat(imported.get("leadsImported").asLong()).as(imported.toString()).isEqualTo(20);
            // the reports over all history (from the tallies, on H2 without PostgreSQL's ways) answer what reading
            // every visit answers, once the views hold the import
            Http analyst = Http.on(port(app)).as("analyst");
            await(() -> analyst.get("/api/leads?size=1").json().get("total").asLong() == 21);
            // the board as of a past instant reads the closed periods around it
            Http.Response pastBoard = analyst.get("/api/pipeline?at=" + java.time.Instant.now().minus(java.time.Duration.ofDays(20)));
            assertThat(pastBoard.status()).as(pastBoard.toString()).isEqualTo(200);
            long onThePastBoard = 0;
            for (com.fasterxml.jackson.databind.JsonNode stage : pastBoard.json().get("stages")) {
                onThePastBoard += stage.get("count").asLong();
            }
            assertThat(onThePastBoard).isGreaterThan(0);
            for (String report : java.util.List.of("time-in-stage", "funnel", "lost-reasons?groupBy=reason", "lost-reasons?groupBy=month")) {
                String path = "/api/analytics/" + report;
                com.fasterxml.jackson.databind.node.ObjectNode tallied = (com.fasterxml.jackson.databind.node.ObjectNode) analyst.get(path).json();
                com.fasterxml.jackson.databind.node.ObjectNode counted = (com.fasterxml.jackson.databind.node.ObjectNode) analyst.get(
                        path + (path.contains("?") ? "&" : "?") + "to=" + tallied.get("to").asText() + "&from=1970-01-01T00:00:00Z").json();
                tallied.remove("from");
                counted.remove("from");
                assertThat(tallied).as(report).isEqualTo(counted);
            }
            // the funnel of a calendar month, from the tallies of the leads as they stood at its end, answers what
            // reading the month's leads answers (the pipeline asked for, every lead's: the cohort read)
            java.time.YearMonth month = java.time.YearMonth.now(java.time.ZoneOffset.UTC);
            long cohorts = 0;
            for (int k = 0; k < 13; k++, month = month.minusMonths(1)) {
                String window = "/api/analytics/funnel?from=" + month.atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)
                        + "&to=" + month.plusMonths(1).atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
                com.fasterxml.jackson.databind.node.ObjectNode tallied = (com.fasterxml.jackson.databind.node.ObjectNode) analyst.get(window).json();
                com.fasterxml.jackson.databind.node.ObjectNode read = (com.fasterxml.jackson.databind.node.ObjectNode) analyst.get(window + "&pipeline=default").json();
                read.remove("pipeline");
                tallied.remove("pipeline");
                assertThat(tallied).as(window).isEqualTo(read);
                cohorts += tallied.get("cohort").asLong();
            }
            assertThat(cohorts).isEqualTo(21);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited a minute").isLessThan(end);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(StandaloneApplication.class)
                .run("--server.port=0", "--PIPELINE_DATA_DIR=" + dataDir, "--spring.main.banner-mode=off",
                        "--logging.level.org.axonframework.updates=off");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
