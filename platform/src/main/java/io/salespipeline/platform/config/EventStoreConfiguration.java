package io.salespipeline.platform.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.util.concurrent.TimeUnit;

/**
 * The event store both sides share: Axon's JDBC storage engine on the {@code domain_event_entry} table
 * (payload and metadata as {@code bytea} JSON; the global index from the column's own sequence, increment
 * 1), appending a unit of work's events in one batched insert that also returns their positions
 * ({@link PositionedJdbcEventStorageEngine}); and Axon's embedded event store over it, which wakes this
 * process's readers at each commit here, and, through {@link EventNotifications}, at each commit elsewhere;
 * and the processors' token store, on JDBC too.
 */
@org.springframework.context.annotation.Configuration
public class EventStoreConfiguration {

    /** The tables and columns of Flyway's {@code V1_0__axon_event_store.sql}. */
    public static EventSchema schema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index").timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier").aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number").typeColumn("type").payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision").payloadColumn("payload").metaDataColumn("meta_data")
                .build();
    }

    /**
     * The JDBC connections of the event store and the token store: within a Spring transaction, the transaction's
     * own, released with it. Not Axon's default, which wraps this one in a {@code UnitOfWorkAwareConnectionProviderWrapper}
     * that closes the connection once more at the unit of work's cleanup, after the transaction has completed and
     * returned it to the pool: HikariCP's close of a connection handle already returned clears the list of open
     * statements that the pooled connection shares with its next borrower, so that two threads change one list at
     * once (a follow-up answered 500 with an {@code ArrayIndexOutOfBoundsException} in HikariCP's {@code FastList}
     * under 16 clients, docs/benchmarks/scale-2026-11-27-evening.md). Every unit of work here that writes or reads
     * through these stores runs in a Spring transaction (commands, imports, deadlines, processors).
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    @Bean
    EventStorageEngine eventStorageEngine(@Qualifier("serializer") Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          Configuration configuration, ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager, EventStoreProperties properties,
                                          ObjectProvider<SnapshotFilter> snapshotFilters) {
        return new PositionedJdbcEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                // the aggregates' snapshot filters (e.g. a snapshot of another shape of the Lead is not used)
                .snapshotFilter(snapshotFilters.orderedStream().reduce(SnapshotFilter::combine).orElse(SnapshotFilter.allowAll()))
                .connectionProvider(connectionProvider)
                .dataType(byte[].class)
                .batchSize(properties.readBatchSize()), schema(), transactionManager);
    }

    /**
     * The projections' positions in the log ({@code token_entry}), through JDBC like the event store: a
     * processor stores its token once per batch of events, and through JPA that cost more than the batch's
     * own writes (a session, a merge, a flush).
     */
    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, @Qualifier("serializer") Serializer serializer,
                          TokenStoreProperties properties) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(TokenSchema.builder().setTokenTable("token_entry").setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment").setTokenColumn("token").setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp").setOwnerColumn("owner").build())
                .claimTimeout(properties.getClaimTimeout())
                .contentType(byte[].class)
                .build();
    }

    @Bean
    NotifyingEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                   EventStoreProperties properties) {
        return new NotifyingEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(properties.fetchDelay().toMillis())
                .timeUnit(TimeUnit.MILLISECONDS));
    }
}
