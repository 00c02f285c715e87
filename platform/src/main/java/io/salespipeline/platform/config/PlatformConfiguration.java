package io.salespipeline.platform.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.salespipeline.platform.metrics.LightweightMetricRegistry;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Beans every deployment shares. The shared settings (event store, serializers, Flyway, JPA, the
 * connection pool, health groups) are in {@code pipeline-platform.properties}, added to the environment
 * by {@link PlatformDefaults} as defaults that each application's own configuration may override.
 */
@Configuration
public class PlatformConfiguration {

    /**
     * The system clock in whole microseconds, PostgreSQL's precision: a business time the service assigns is stored
     * exactly, so a projection that reads it back and one that still holds it in memory (a replay) derive the same
     * milliseconds from it (the system clock's nanoseconds had made a stage visit one millisecond longer when its
     * start, .1469995, came back from the database as .147).
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
    }

    /** Axon's metrics with a capacity gauge that fits bulk imports and replays (Axon's configuration takes this one). */
    @Bean
    GlobalMetricRegistry globalMetricRegistry(MeterRegistry meterRegistry) {
        return new LightweightMetricRegistry(meterRegistry);
    }
}
