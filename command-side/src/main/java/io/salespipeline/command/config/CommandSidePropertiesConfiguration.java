package io.salespipeline.command.config;

import io.salespipeline.command.idempotency.IdempotencyProperties;
import io.salespipeline.command.imports.ImportProperties;
import io.salespipeline.command.lead.LeadCacheProperties;
import io.salespipeline.command.lead.LeadRules;
import io.salespipeline.command.lead.LeadSnapshotProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@link CommandSideProperties} and hands each area to the beans that use it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandSideProperties.class)
public class CommandSidePropertiesConfiguration {

    @Bean
    LeadRules leadRules(CommandSideProperties properties) {
        return properties.rules();
    }

    @Bean
    LeadCacheProperties leadCacheProperties(CommandSideProperties properties) {
        return properties.leadCache();
    }

    @Bean
    LeadSnapshotProperties leadSnapshotProperties(CommandSideProperties properties) {
        return properties.leadSnapshots();
    }

    @Bean
    ImportProperties importProperties(CommandSideProperties properties) {
        return properties.imports();
    }

    @Bean
    IdempotencyProperties idempotencyProperties(CommandSideProperties properties) {
        return properties.idempotency();
    }
}
