package io.salespipeline.command.lead;

import io.salespipeline.command.pipeline.Pipelines;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
@EnableConfigurationProperties({LeadRules.class, LeadCacheProperties.class})
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

    /** The {@link Lead}s kept in memory between commands ({@code @Aggregate(cache = "leadCache")}). */
    @Bean
    Cache leadCache(LeadCacheProperties properties) {
        return properties.maximumSize() == 0 ? NoCache.INSTANCE
                : new AggregateCache(properties.maximumSize(), properties.expireAfterAccess());
    }

    @Bean
    LeadPolicy leadPolicy(LeadRules rules, Pipelines pipelines, Clock clock) {
        return new LeadPolicy(rules, pipelines, clock);
    }
}
