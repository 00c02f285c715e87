package io.salespipeline.command.lead;

import io.salespipeline.command.pipeline.Pipelines;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.common.caching.NoCache;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
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

    /**
     * A snapshot of a lead after every {@code pipeline.lead-snapshots.every} events (default 100): a lead with a
     * long history that is not in the cache (after a restart, on another instance) is loaded from its latest
     * snapshot and the events after it, not from its whole history.
     */
    @Bean
    SnapshotTriggerDefinition leadSnapshotTrigger(Snapshotter snapshotter, LeadSnapshotProperties properties) {
        return properties.every() == 0 ? NoSnapshotTriggerDefinition.INSTANCE
                : new EventCountSnapshotTriggerDefinition(snapshotter, properties.every());
    }

    /** Only snapshots of the lead's current shape ({@link Lead#SNAPSHOT_REVISION}) are used. */
    @Bean
    SnapshotFilter leadSnapshotFilter() {
        // the aggregate type as the store records it (Axon names an aggregate by its class's simple name)
        return RevisionSnapshotFilter.builder().type(Lead.class.getSimpleName()).revision(Lead.SNAPSHOT_REVISION).build();
    }

    @Bean
    LeadPolicy leadPolicy(LeadRules rules, Pipelines pipelines, Clock clock) {
        return new LeadPolicy(rules, pipelines, clock);
    }
}
