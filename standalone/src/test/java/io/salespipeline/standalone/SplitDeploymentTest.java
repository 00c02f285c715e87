package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.command.CommandSideApplication;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.platform.testing.TestDatabase;
import io.salespipeline.query.QuerySideApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split deployment: command side and query side as separate applications on one PostgreSQL
 * database. What the command side accepts shows up on the query side.
 */
@ExtendWith(OutputCaptureExtension.class)
class SplitDeploymentTest {

    private static final String DASHBOARD_ORIGIN = "http://dashboard.test";

    @Test
    void aCommandAcceptedOnTheCommandSide_showsUpOnTheQuerySide(CapturedOutput output) {
        String database = TestDatabase.create();
        // the command side with JSON logs (one property) and the dashboard's origin allowed to send commands
        try (ConfigurableApplicationContext commands = start(CommandSideApplication.class, database,
                "--logging.structured.format.console=ecs", "--pipeline.cors.allowed-origins=" + DASHBOARD_ORIGIN);
             ConfigurableApplicationContext queries = start(QuerySideApplication.class, database,
                     "--db-scheduler.enabled=false", "--pipeline.dashboard.command-base-url=http://127.0.0.1:" + port(commands))) {
            assertThat(output.getOut().lines().filter(l -> l.startsWith("{\"@timestamp\""))
                    .filter(l -> l.contains("Tomcat started on port " + port(commands))).count())
                    .as("JSON log lines of the command side").isPositive();
            Http commandSide = Http.on(port(commands)).as("sales");
            Http querySide = Http.on(port(queries)).as("sales");
            Http.Response registered = commandSide.post("/api/leads", """
                    {"company": {"name": "Split Ltd"}, "contact": {"name": "S", "email": "s@split.io"}, "source": "SOCIAL_MEDIA"}""");
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            String id = registered.json().get("leadId").asText();
            assertThat(commandSide.post("/api/leads/" + id + "/disqualification",
                    "{\"reason\": \"NOT_A_FIT\", \"details\": \"wants an ERP\"}").status()).isEqualTo(200);

            JsonNode lead = StandaloneTest.awaitVersion(querySide, id, 2);
            assertThat(lead.get("stage").asText()).isEqualTo("DISQUALIFIED");
            assertThat(lead.get("disqualification").get("reason").asText()).isEqualTo("NOT_A_FIT");
            // each side serves only its own half of the API
            assertThat(querySide.post("/api/leads/" + id + "/reopening", "{\"reason\": \"x\"}").status()).isIn(404, 405);
            assertThat(commandSide.get("/api/leads/" + id).status()).isIn(404, 405);

            // the query side serves the dashboard, which sends its commands to the command side
            Http.Response page = Http.on(port(queries)).get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("/dashboard/app.js", "/webjars/echarts/dist/echarts.min.js");
            assertThat(page.header("Content-Security-Policy")).contains("connect-src 'self' http://127.0.0.1:" + port(commands));
            assertThat(Http.on(port(queries)).get("/webjars/echarts/dist/echarts.min.js").status()).isEqualTo(200);
            assertThat(querySide.get("/api/dashboard").json().get("commandBaseUrl").asText())
                    .isEqualTo("http://127.0.0.1:" + port(commands));
            // which the command side lets it do: a preflight from the dashboard's origin, then the command
            Http.Response preflight = Http.on(port(commands)).header("Origin", DASHBOARD_ORIGIN)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type,if-match")
                    .send("OPTIONS", "/api/leads/" + id + "/reopening", null);
            assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(DASHBOARD_ORIGIN);
            assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("if-match");
            Http.Response reopened = commandSide.header("Origin", DASHBOARD_ORIGIN).header("If-Match", "\"2\"")
                    .post("/api/leads/" + id + "/reopening", "{\"reason\": \"wants a CRM after all\"}");
            assertThat(reopened.status()).as(reopened.toString()).isEqualTo(200);
            assertThat(reopened.header("Access-Control-Allow-Origin")).isEqualTo(DASHBOARD_ORIGIN);
            assertThat(reopened.header("Access-Control-Expose-Headers")).contains("ETag");
            // another origin is refused by browsers' rules; API clients without an Origin are not concerned
            assertThat(commandSide.header("Origin", "http://elsewhere.test").post("/api/leads/" + id + "/next-step",
                    "{\"action\": \"call\", \"dueAt\": \"2099-01-01T10:00:00Z\"}").status()).isEqualTo(403);
        }
    }

    private static ConfigurableApplicationContext start(Class<?> application, String database, String... more) {
        String[] args = {"--server.port=0", "--spring.profiles.active=apitest", "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestDatabase.user(), "--spring.main.banner-mode=off"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        return new SpringApplicationBuilder(application).run(all);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
