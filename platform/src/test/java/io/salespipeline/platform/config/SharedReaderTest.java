package io.salespipeline.platform.config;

import io.salespipeline.platform.testing.TestDatabase;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon's embedded store reads the log once for every processor at its head and caches what it read. When every
 * processor had stopped (paused for a catch-up while a bulk import wrote a million events) and one came back at the
 * head, it read everything written meanwhile in one read that kept all of it in memory: the out-of-memory error of
 * docs/benchmarks/scale-2026-11-29c.md. A read of it is bounded now, and it goes on reading in pieces.
 */
class SharedReaderTest {

    private static final int EVENTS = 12_000;

    private PositionedJdbcEventStorageEngine engine;
    private NotifyingEventStore store;

    @BeforeEach
    void eventStore() {
        String url = TestDatabase.create();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(TestDatabase.user());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("1.1").load().migrate();
        engine = new PositionedJdbcEventStorageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(dataSource::getConnection)
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .snapshotSerializer(JacksonSerializer.defaultSerializer())
                .dataType(byte[].class)
                .batchSize(1000), EventStoreConfiguration.schema(), NoTransactionManager.INSTANCE);
        store = new NotifyingEventStore(EmbeddedEventStore.builder().storageEngine(engine)
                .fetchDelay(100).timeUnit(TimeUnit.MILLISECONDS));
    }

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void aReadOfTheSharedReader_endsAfterABoundedNumberOfEvents_aPrivateReadDoesNot() {
        append(EVENTS);
        try (Stream<? extends TrackedEventMessage<?>> shared = engine.readEvents(null, true);
             Stream<? extends TrackedEventMessage<?>> own = engine.readEvents(null, false)) {
            assertThat(shared.count()).isEqualTo(PositionedJdbcEventStorageEngine.PRODUCER_READ);
            assertThat(own.count()).isEqualTo(EVENTS);
        }
    }

    @Test
    void aProcessorBackAtTheHead_afterTheLogGrewWhileNoneRead_readsWhatComesNext() throws Exception {
        append(10);
        // a processor at the head, reading from the shared reader's cache, then paused (its stream closed)
        TrackingEventStream processor = store.openStream(store.createHeadToken());
        assertThat(processor.hasNextAvailable(200, TimeUnit.MILLISECONDS)).isFalse();
        append(1);
        assertThat(processor.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        processor.nextAvailable();
        processor.close();
        // the log grows by more than a read of the shared reader while none reads
        append(EVENTS);
        long head = store.createHeadToken().position().orElseThrow();
        try (TrackingEventStream back = store.openStream(store.createHeadToken())) {
            append(1);
            assertThat(back.hasNextAvailable(20, TimeUnit.SECONDS)).isTrue();
            assertThat(back.nextAvailable().trackingToken().position().orElseThrow()).isEqualTo(head + 1);
        }
    }

    private void append(int events) {
        for (int from = 0; from < events; from += 1000) {
            List<EventMessage<?>> batch = new ArrayList<>();
            String aggregate = UUID.randomUUID().toString();
            for (int i = 0; i < Math.min(1000, events - from); i++) {
                batch.add(new GenericDomainEventMessage<>("Probe", aggregate, i, "event " + (from + i)));
            }
            engine.appendEvents(batch);
        }
    }
}
