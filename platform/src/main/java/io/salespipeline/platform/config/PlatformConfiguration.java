package io.salespipeline.platform.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

import java.time.Clock;

/**
 * Settings every deployment shares (event store, serializers, Flyway, JPA), as defaults that each
 * application's own configuration and the environment may override.
 */
@Configuration
@PropertySource("classpath:pipeline-platform.properties")
public class PlatformConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
