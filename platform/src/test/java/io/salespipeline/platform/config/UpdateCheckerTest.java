package io.salespipeline.platform.config;

import org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration;
import org.axonframework.updates.UpdateChecker;
import org.axonframework.updates.configuration.UsagePropertyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No call to AxonIQ's servers unless an operator turns the update checker on: the platform's defaults
 * set its documented switch ({@code axon.update-check.disabled}, AxonFramework pull request 3840). A
 * local port stands in for the update server; with the switch turned back on, the call does arrive
 * there, which shows the test would see one.
 */
class UpdateCheckerTest {

    private ServerSocket updateServer;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void startUpdateServer() throws IOException {
        updateServer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!updateServer.isClosed()) {
                try (Socket ignored = updateServer.accept()) {
                    calls.incrementAndGet();
                } catch (IOException closed) {
                    // done
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        // Axon leaves the update checker out under a test framework; this makes it behave as in production
        System.setProperty("axoniq.usage.force-test-environment", "true");
    }

    @AfterEach
    void stop() throws IOException {
        System.clearProperty("axoniq.usage.force-test-environment");
        updateServer.close();
    }

    private ApplicationContextRunner withPlatformDefaults() {
        return new ApplicationContextRunner()
                .withInitializer(context -> new PlatformDefaults().postProcessEnvironment(context.getEnvironment(), null))
                .withConfiguration(AutoConfigurations.of(UpdateCheckerAutoConfiguration.class))
                .withPropertyValues("axon.update-check.url=http://127.0.0.1:" + updateServer.getLocalPort() + "/updates");
    }

    @Test
    void theUpdateChecker_isOffByDefault_andCallsNobody() {
        withPlatformDefaults().run(context -> {
            assertThat(context.getBean("usagePropertyProvider", UsagePropertyProvider.class).getDisabled()).isTrue();
            UpdateChecker checker = context.getBean(UpdateChecker.class);
            checker.start(); // what Axon's lifecycle does at start-up
            Thread.sleep(2_500); // it would call one second after the start
            checker.stop();
        });
        assertThat(calls.get()).as("calls to the update server").isZero();
    }

    @Test
    void anOperatorMayTurnItOn_andThenItCalls() {
        withPlatformDefaults().withPropertyValues("axon.update-check.disabled=false").run(context -> {
            assertThat(context.getBean("usagePropertyProvider", UsagePropertyProvider.class).getDisabled()).isFalse();
            UpdateChecker checker = context.getBean(UpdateChecker.class);
            checker.start();
            long until = System.currentTimeMillis() + 15_000;
            while (calls.get() == 0 && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
            checker.stop();
        });
        assertThat(calls.get()).as("calls to the update server").isPositive();
    }
}
