package io.salespipeline.standalone;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaging files agree with the build, without Docker: the Dockerfile copies every module's pom before
 * it resolves the dependencies (a module it misses fails the image build), compose builds stages the
 * Dockerfile has, and .env.example lists every variable compose reads.
 */
class PackagingTest {

    /** Tests run in the module's folder; the repository is its parent. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theDockerfile_copiesEveryModulesPom_beforeResolvingDependencies() throws IOException {
        String dockerfile = read("Dockerfile");
        String poms = dockerfile.substring(0, dockerfile.indexOf("dependency:go-offline"));
        Set<String> copied = all(Pattern.compile("(?m)^COPY ([\\w-]+)/pom\\.xml \\1/$"), poms);
        Set<String> modules = all(Pattern.compile("<module>([^<]+)</module>"), read("pom.xml"));
        assertThat(modules).isNotEmpty();
        assertThat(copied).as("modules whose pom the Dockerfile copies before dependency:go-offline")
                .isEqualTo(modules);
    }

    @Test
    void compose_buildsStagesOfTheDockerfile() throws IOException {
        Set<String> stages = all(Pattern.compile("(?m)^FROM \\S+ AS (\\S+)$"), read("Dockerfile"));
        Set<String> targets = all(Pattern.compile("(?m)^\\s+target: (\\S+)$"), read("docker-compose.yml"));
        assertThat(targets).containsExactlyInAnyOrder("command-side", "query-side");
        assertThat(stages).containsAll(targets).contains("standalone");
    }

    @Test
    void envExample_listsEveryVariableComposeReads() throws IOException {
        Set<String> read = all(Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)"), read("docker-compose.yml"));
        Set<String> listed = all(Pattern.compile("(?m)^([A-Za-z_][A-Za-z0-9_]*)="), read(".env.example"));
        assertThat(read).isNotEmpty();
        assertThat(listed).isEqualTo(read);
    }

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    private static Set<String> all(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
