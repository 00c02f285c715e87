package io.salespipeline.command.api;

import io.salespipeline.command.CommandSideApplication;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.platform.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split deployment's two sides share one database and one Flyway history, each with only its own
 * migrations. Compose starts both at once, and either may restart later, so the command side must start
 * on a database where the query side migrated first: its 3.x versions are unknown to the command side and
 * newer than all of the command side's own ("future" to Flyway, which must not fail validation).
 */
class SharedSchemaHistoryTest {

    @Test
    void theCommandSideStarts_onADatabaseTheQuerySideMigratedFirst() {
        String database = TestDatabase.create();
        // what the query side applies: the shared event store (1.x) and its own read models (here 3.999)
        Flyway own = Flyway.configure().dataSource(database, TestDatabase.user(), "").locations("classpath:db/migration").load();
        MigrationVersion lastShared = Arrays.stream(own.info().all()).map(MigrationInfo::getVersion)
                .filter(v -> v.getMajor().intValue() == 1).max(MigrationVersion::compareTo).orElseThrow();
        Flyway.configure().dataSource(database, TestDatabase.user(), "").locations("classpath:db/migration")
                .target(lastShared).load().migrate();
        Flyway.configure().dataSource(database, TestDatabase.user(), "").locations("classpath:db/other-side")
                .ignoreMigrationPatterns("*:missing").load().migrate();

        try (ConfigurableApplicationContext commandSide = new SpringApplicationBuilder(CommandSideApplication.class)
                .profiles("apitest")
                .run("--server.port=0", "--spring.datasource.url=" + database,
                        "--spring.datasource.username=" + TestDatabase.user(), "--spring.main.banner-mode=off")) {
            int port = Integer.parseInt(commandSide.getEnvironment().getProperty("local.server.port"));
            Http.Response registered = Http.on(port).as("sales").post("/api/leads", """
                    {"company": {"name": "Second Ltd"}, "contact": {"name": "S", "email": "s@second.io"}, "source": "WEBSITE"}""");
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            List<String> applied = commandSide.getBean(JdbcTemplate.class).queryForList(
                    "select version from flyway_schema_history where success and version is not null order by installed_rank",
                    String.class);
            // the command side's own migrations (2.x) came after the query side's, out of order
            assertThat(applied).startsWith("1.0").contains("3.999", "2.0");
            assertThat(applied.subList(applied.indexOf("3.999") + 1, applied.size()))
                    .isNotEmpty().allMatch(version -> version.startsWith("2."));
        }
    }
}
