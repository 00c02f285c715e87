package io.salespipeline.query.config;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * How projections handle failures. The processors themselves (pooled streaming, batch size, segments,
 * dead-letter queues) are set per projection in {@code pipeline-query.properties}. A failure that no
 * dead-letter queue takes stops its segment, which retries with back-off, instead of being logged and
 * skipped (Axon's default): a view never silently misses an accepted event.
 */
@Configuration
public class EventProcessingConfiguration {

    @Autowired
    void failures(EventProcessingConfigurer configurer) {
        configurer.registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
    }
}
