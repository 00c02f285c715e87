package io.salespipeline.command.lead;

import io.salespipeline.command.pipeline.Pipelines;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
@EnableConfigurationProperties(LeadRules.class)
public class LeadConfiguration {

    /** Who sent the command goes with every event it caused, besides Axon's correlation and trace ids. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(Actor.USER);
    }

    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    @Bean
    LeadPolicy leadPolicy(LeadRules rules, Pipelines pipelines, Clock clock) {
        return new LeadPolicy(rules, pipelines, clock);
    }
}
