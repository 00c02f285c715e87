package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.command.config.CommandSideProperties;
import io.salespipeline.command.config.CommandSidePropertiesConfiguration;
import io.salespipeline.command.lead.LeadRules;
import io.salespipeline.platform.config.PlatformProperties;
import io.salespipeline.platform.config.PlatformPropertiesConfiguration;
import io.salespipeline.query.config.QuerySideProperties;
import io.salespipeline.query.config.QuerySidePropertiesConfiguration;
import org.axonframework.springboot.EventProcessorProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table is the {@code pipeline.*} tree as the records declare it: the metadata that
 * spring-boot-configuration-processor generates for each module ({@code META-INF/spring-configuration-metadata.json})
 * lists every property with its default, and the table must list exactly those, with the same default and side.
 * And the tree is checked at start-up: a wrong value stops the context, naming the property.
 */
class ConfigurationTableTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(pipeline\\.[a-z0-9.-]+)` \\| (\\w+) \\| ([^|]+) \\|");

    /** name -> "side default", from the generated metadata of platform, command-side and query-side. */
    private static Map<String, String> fromMetadata() throws IOException {
        Map<String, String> properties = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (URL url : Collections.list(ConfigurationTableTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            String side = url.toString().contains("/command-side/") ? "command"
                    : url.toString().contains("/query-side/") ? "query"
                    : url.toString().contains("/platform/") ? "both" : null;
            JsonNode metadata;
            try (InputStream in = url.openStream()) {
                metadata = json.readTree(in);
            }
            for (JsonNode property : metadata.path("properties")) {
                String name = property.path("name").asText();
                if (!name.startsWith("pipeline.")) {
                    continue;
                }
                assertThat(side).as("module of %s (%s)", name, url).isNotNull();
                assertThat(property.path("description").asText()).as("description of %s", name).isNotBlank();
                String previous = properties.put(name, side + " " + readme(property.get("defaultValue")));
                assertThat(previous).as("%s declared twice", name).isNull();
            }
        }
        return properties;
    }

    /** How the README writes a default. */
    private static String readme(JsonNode value) {
        if (value == null || value.isNull()) {
            return "none";
        }
        if (value.isTextual() && value.asText().isEmpty()) {
            return "empty";
        }
        return "`" + value.asText() + "`";
    }

    @Test
    void theReadmeTable_listsEveryPipelineProperty_withItsDefault() throws IOException {
        Map<String, String> declared = fromMetadata();
        Map<String, String> documented = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(README));
        while (row.find()) {
            documented.put(row.group(1), row.group(2) + " " + row.group(3).strip());
        }
        assertThat(declared).as("pipeline.* properties in the generated metadata").hasSizeGreaterThan(30)
                .containsKeys("pipeline.rules.follow-up-window", "pipeline.projections.batch-size",
                        "pipeline.idempotency.retention", "pipeline.http.max-body-size");
        assertThat(documented).as("README's configuration table (side and default per property)").isEqualTo(declared);
    }

    private final ApplicationContextRunner tree = new ApplicationContextRunner().withUserConfiguration(
            PlatformPropertiesConfiguration.class, CommandSidePropertiesConfiguration.class,
            QuerySidePropertiesConfiguration.class);

    @Test
    void withNothingConfigured_theDefaultsAreTheDocumentedOnes() {
        tree.run(context -> {
            assertThat(context).hasNotFailed();
            CommandSideProperties command = context.getBean(CommandSideProperties.class);
            QuerySideProperties query = context.getBean(QuerySideProperties.class);
            PlatformProperties platform = context.getBean(PlatformProperties.class);
            assertThat(command.rules()).isEqualTo(LeadRules.defaults());
            assertThat(command.rules().followUpWindow()).isEqualTo(Duration.ofHours(48));
            assertThat(command.idempotency().retention()).isEqualTo(Duration.ofDays(7));
            assertThat(query.projections().batchSize()).isEqualTo(500);
            assertThat(query.readYourWrites().maxWait()).isEqualTo(Duration.ofSeconds(5));
            assertThat(platform.http().maxBodySize().toKilobytes()).isEqualTo(256);
            assertThat(platform.security().loginAttempts().maxFailures()).isEqualTo(5);
            assertThat(platform.eventStore().notifications().channel()).isEqualTo("pipeline_events");
        });
    }

    @Test
    void aSettingFromTheEnvironment_reachesItsRecord() {
        tree.withPropertyValues("pipeline.rules.follow-up-window=72h", "pipeline.projections.batch-size=50",
                "pipeline.security.users[0].name=ewa", "pipeline.security.users[0].password=x",
                "pipeline.security.users[0].roles[0]=SALES").run(context -> {
            assertThat(context.getBean(LeadRules.class).followUpWindow()).isEqualTo(Duration.ofHours(72));
            assertThat(context.getBean(QuerySideProperties.class).projections().batchSize()).isEqualTo(50);
            assertThat(context.getBean(PlatformProperties.class).security().users()).singleElement()
                    .satisfies(u -> assertThat(u.roles()).containsExactly("SALES"));
        });
    }

    @EnableConfigurationProperties(EventProcessorProperties.class)
    static class AxonProcessorSettings {
    }

    @Test
    void pipelineProjections_reachAxonsProcessorSettings() {
        tree.withUserConfiguration(AxonProcessorSettings.class)
                .withPropertyValues("pipeline.projections.batch-size=50", "pipeline.projections.threads=2",
                        "pipeline.projections.segments=4").run(context -> {
                    Map<String, EventProcessorProperties.ProcessorSettings> processors =
                            context.getBean(EventProcessorProperties.class).getProcessors();
                    assertThat(processors.get("lead-views").getBatchSize()).isEqualTo(50);
                    assertThat(processors.get("stage-visits").getThreadCount()).isEqualTo(2);
                    assertThat(processors.get("stage-visits").getInitialSegmentCount()).isEqualTo(4);
                    assertThat(processors.get("pipeline-definitions").getBatchSize()).isEqualTo(50);
                });
        tree.withUserConfiguration(AxonProcessorSettings.class).run(context -> assertThat(context
                .getBean(EventProcessorProperties.class).getProcessors().get("lead-views").getBatchSize()).isEqualTo(500));
    }

    @Test
    void aWrongValue_stopsTheStart_namingTheProperty() {
        for (String wrong : new String[] {"pipeline.projections.batch-size=0", "pipeline.rules.offer-promise=-1h",
                "pipeline.http.max-json-nesting=2", "pipeline.event-store.notifications.channel=Drop Table",
                "pipeline.replay.check-every=0s", "pipeline.dashboard.command-base-url=ftp://x",
                "pipeline.security.login-attempts.max-failures=0", "pipeline.http.max-body-size=0B"}) {
            String property = wrong.substring(0, wrong.indexOf('='));
            // the binder names the field as the record does: max-json-nesting is maxJsonNesting
            String field = Pattern.compile("-([a-z])").matcher(property.substring(property.lastIndexOf('.') + 1))
                    .replaceAll(m -> m.group(1).toUpperCase());
            tree.withPropertyValues(wrong).run(context -> assertThat(context).as(wrong).hasFailed()
                    .getFailure().rootCause().hasMessageContaining(field));
        }
    }
}
