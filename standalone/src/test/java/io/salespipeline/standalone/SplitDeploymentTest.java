package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.command.CommandSideApplication;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.platform.testing.TestDatabase;
import io.salespipeline.query.QuerySideApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split deployment: command side and query side as separate applications on one PostgreSQL
 * database. What the command side accepts shows up on the query side.
 */
class SplitDeploymentTest {

    @Test
    void aCommandAcceptedOnTheCommandSide_showsUpOnTheQuerySide() {
        String database = TestDatabase.create();
        try (ConfigurableApplicationContext commands = start(CommandSideApplication.class, database);
             ConfigurableApplicationContext queries = start(QuerySideApplication.class, database,
                     "--db-scheduler.enabled=false")) {
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
