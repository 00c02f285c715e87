package io.salespipeline.query.config;

import io.salespipeline.query.lead.LeadViewProjection;
import io.salespipeline.query.pipelines.PipelineDefinitionProjection;
import io.salespipeline.query.projection.ProjectionTransactions;
import io.salespipeline.query.projection.ReadModelDatabase;
import io.salespipeline.query.visits.StageVisitProjection;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.annotation.Configuration;

/**
 * How projections handle failures. The processors themselves (pooled streaming, batch size, segments,
 * dead-letter queues) are set per projection in {@code pipeline-query.properties}. A failure that no
 * dead-letter queue takes stops its segment, which retries with back-off, instead of being logged and
 * skipped (Axon's default): a view never silently misses an accepted event. Their transactions commit without
 * waiting for the disk ({@link ProjectionTransactions}).
 */
@Configuration
public class EventProcessingConfiguration {

    @Autowired
    void failures(EventProcessingConfigurer configurer) {
        configurer.registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
    }

    @Autowired
    void transactions(EventProcessingConfigurer configurer, JdbcTemplate jdbc, ReadModelDatabase database) {
        for (String processor : java.util.List.of(LeadViewProjection.PROCESSING_GROUP, StageVisitProjection.PROCESSING_GROUP,
                PipelineDefinitionProjection.PROCESSING_GROUP)) {
            configurer.registerTransactionManager(processor,
                    config -> new ProjectionTransactions(config.getComponent(TransactionManager.class), jdbc, database));
        }
    }
}
