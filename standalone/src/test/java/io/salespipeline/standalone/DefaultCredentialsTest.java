package io.salespipeline.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo users (password = user name) exist only in standalone's demo mode, the profile that is
 * active when no other is: with any other profile and no users or JWT issuer configured, the service
 * refuses to start.
 */
class DefaultCredentialsTest {

    @TempDir
    Path dataDir;

    @Test
    void outsideTheDemoProfile_withoutUsersOrAnIssuer_theServiceRefusesToStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(StandaloneApplication.class).run("--server.port=0",
                "--spring.profiles.active=production", "--PIPELINE_DATA_DIR=" + dataDir, "--spring.main.banner-mode=off").close())
                .hasStackTraceContaining("No users and no JWT issuer configured");
    }
}
