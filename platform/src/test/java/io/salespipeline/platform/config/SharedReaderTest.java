package io.salespipeline.platform.config;

import io.salespipeline.platform.testing.TestDatabase;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
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
 * docs/benchmarks/scale-2026-11-29c.md. Here the shared reader follows the log while no processor does, and a read
 * of it is bounded.
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
    void whileNoProcessorReads_theSharedReaderStaysAtTheHeadOfTheLog() throws Exception {
        append(10);
        // a processor at the head, then paused (its stream closed) while the log grows
        TrackingEventStream processor = store.openStream(store.createHeadToken());
        append(1);
        assertThat(processor.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        processor.nextAvailable();
        // at the head: it reads from the shared reader's cache from now on
        assertThat(processor.hasNextAvailable(200, TimeUnit.MILLISECONDS)).isFalse();
        append(1);
        assertThat(processor.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        processor.nextAvailable();
        long paused = newestRead();
        assertThat(paused).isPositive();
        processor.close();
        append(EVENTS);
        long head = store.createHeadToken().position().orElseThrow();
        // the shared reader has read up to the head meanwhile: a processor coming back there finds it in the cache
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (newestRead() < head && Instant.now().isBefore(until)) {
            Thread.sleep(50);
        }
        assertThat(newestRead()).as("the newest event the shared reader read").isEqualTo(head);
        assertThat(store.following()).isTrue();
        try (TrackingEventStream back = store.openStream(store.createHeadToken())) {
            append(1);
            assertThat(back.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
            assertThat(back.nextAvailable().trackingToken().position().orElseThrow()).isEqualTo(head + 1);
        }
    }

    /** The position of the newest event Axon's shared reader has read (its cache is private; read by reflection). */
    private long newestRead() throws ReflectiveOperationException {
        Field producerField = EmbeddedEventStore.class.getDeclaredField("producer");
        producerField.setAccessible(true);
        Object producer = producerField.get(store);
        Field newestField = producer.getClass().getDeclaredField("newest");
        newestField.setAccessible(true);
        Object newest = newestField.get(producer);
        if (newest == null) {
            return -1;
        }
        Field eventField = newest.getClass().getDeclaredField("event");
        eventField.setAccessible(true);
        TrackingToken token = ((TrackedEventMessage<?>) eventField.get(newest)).trackingToken();
        return token.position().orElse(-1);
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
