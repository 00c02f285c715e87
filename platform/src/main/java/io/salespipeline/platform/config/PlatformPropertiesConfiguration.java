package io.salespipeline.platform.config;

import io.salespipeline.platform.security.LoginAttemptProperties;
import io.salespipeline.platform.security.PipelineSecurityProperties;
import io.salespipeline.platform.web.CorsSettings;
import io.salespipeline.platform.web.HttpProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@link PlatformProperties} and hands each area to the beans that use it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PlatformProperties.class)
public class PlatformPropertiesConfiguration {

    @Bean
    PipelineSecurityProperties pipelineSecurityProperties(PlatformProperties properties) {
        return properties.security();
    }

    @Bean
    LoginAttemptProperties loginAttemptProperties(PlatformProperties properties) {
        return properties.security().loginAttempts();
    }

    @Bean
    HttpProperties httpProperties(PlatformProperties properties) {
        return properties.http();
    }

    @Bean
    EventStoreProperties eventStoreProperties(PlatformProperties properties) {
        return properties.eventStore();
    }

    @Bean
    CorsSettings.Properties corsProperties(PlatformProperties properties) {
        return properties.cors();
    }
}
