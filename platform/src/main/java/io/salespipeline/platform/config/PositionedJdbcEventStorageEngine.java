package io.salespipeline.platform.config;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.axonframework.common.jdbc.JdbcUtils.closeQuietly;

/**
 * Axon's JDBC event storage engine, appending each unit of work's events in one batched insert whose global
 * indexes the database assigns (the column's default, from its own sequence, increment 1) and returns in
 * the same round trip: no per-event {@code nextval}, and the command learns the position of its events
 * ({@link AppendedPosition}).
 */
public class PositionedJdbcEventStorageEngine extends JdbcEventStorageEngine {

    /** Axon's defaults, set here (and on the builder) because {@link #getTrackedEventData} computes the tokens as Axon does. */
    static final int MAX_GAP_OFFSET = 10_000;
    static final long LOWEST_GLOBAL_SEQUENCE = 1;
    static final int GAP_TIMEOUT_MS = 60_000;

    /**
     * Events a read of the embedded store's shared reader ({@code mayBlock}) returns at most; it reads again at once
     * for more. Axon's reader holds its newest cached event from before a read until the read ends, so every event of
     * one read stays in memory meanwhile. When every processor stopped (paused for a catch-up while a bulk import
     * wrote a million events) the reader stopped where it was, and when they came back at the head it read all that
     * was written meanwhile in one read: a 512 MB heap ran out. Read in pieces, the pieces are collected as the reader
     * goes ({@code SharedReaderTest}; docs/benchmarks/scale-2026-11-29c.md).
     */
    static final int PRODUCER_READ = 5_000;

    private final EventSchema schema;
    private final TransactionManager transactionManager;
    private final String insert;

    /**
     * @param builder            Axon's builder, configured with the same {@code schema} and
     *                           {@code transactionManager} (its own {@code build()} would make a plain engine)
     * @param schema             the tables and columns
     * @param transactionManager the transactions appends run in
     */
    public PositionedJdbcEventStorageEngine(JdbcEventStorageEngine.Builder builder, EventSchema schema,
                                            TransactionManager transactionManager) {
        super(builder.schema(schema).transactionManager(transactionManager).maxGapOffset(MAX_GAP_OFFSET)
                .lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE).gapTimeout(GAP_TIMEOUT_MS));
        this.schema = schema;
        this.transactionManager = transactionManager;
        this.insert = "insert into " + schema.domainEventTable() + " (" + schema.domainEventFields()
                + ") values (?,?,?,?,?,?,?,?,?)";
    }

    /**
     * An event the processors track, and the token after it, as Axon's engine makes them (the same entry, the same
     * token: {@code PositionedJdbcEventStorageEngineTest}), its time stamp parsed once, by {@link StoredTimestamps}:
     * Axon's parses it for the gap check, and again whenever the timestamp is asked for.
     */
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken) throws SQLException {
        long globalSequence = resultSet.getLong(schema.globalIndexColumn());
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        Object storedTimestamp = readTimeStamp(resultSet, schema.timestampColumn());
        GenericDomainEventEntry<?> entry = new GenericDomainEventEntry<>(resultSet.getString(schema.typeColumn()),
                // an event of no aggregate is stored with its own identifier as the aggregate's
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()), eventIdentifier, storedTimestamp,
                resultSet.getString(schema.payloadTypeColumn()), resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()), readPayload(resultSet, schema.metaDataColumn()));
        Instant timestamp = storedTimestamp instanceof String text ? StoredTimestamps.parse(text) : entry.getTimestamp();
        // a gap before an event younger than the gap timeout may still fill (a transaction not committed yet)
        boolean allowGaps = timestamp.isAfter(GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT_MS));
        GapAwareTrackingToken token = previousToken == null
                ? GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                        ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence).boxed()
                                .collect(Collectors.toCollection(TreeSet::new))
                        : Collections.emptySortedSet())
                : previousToken.advanceTo(globalSequence, allowGaps ? MAX_GAP_OFFSET : 0);
        return StoredTimestamps.tracked(token, entry, timestamp);
    }

    /**
     * The log from {@code trackingToken} on; the shared reader's reads ({@code mayBlock}: private streams and the
     * rebuild read with {@code false}) end after {@value #PRODUCER_READ} events.
     */
    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        Stream<? extends TrackedEventMessage<?>> events = super.readEvents(trackingToken, mayBlock);
        return mayBlock ? events.limit(PRODUCER_READ) : events;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        transactionManager.executeInTransaction(() -> {
            Connection connection = getConnection();
            try (PreparedStatement statement = connection.prepareStatement(insert, new String[]{schema.globalIndexColumn()})) {
                for (EventMessage<?> message : events) {
                    DomainEventMessage<?> event = asDomainEvent(message);
                    SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
                    SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
                    statement.setString(1, event.getIdentifier());
                    statement.setString(2, event.getAggregateIdentifier());
                    statement.setLong(3, event.getSequenceNumber());
                    statement.setString(4, event.getType());
                    writeTimestamp(statement, 5, event.getTimestamp());
                    statement.setString(6, payload.getType().getName());
                    statement.setString(7, payload.getType().getRevision());
                    statement.setBytes(8, payload.getData());
                    statement.setBytes(9, metaData.getData());
                    statement.addBatch();
                }
                statement.executeBatch();
                long last = -1;
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    while (keys.next()) {
                        last = Math.max(last, keys.getLong(1));
                    }
                }
                if (last >= 0) {
                    AppendedPosition.record(last);
                }
            } catch (Exception e) {
                handlePersistenceException(e, events.get(0));
            } finally {
                closeQuietly(connection);
            }
        });
    }

    /** As Axon stores an event that belongs to no aggregate: its own identifier as aggregate, sequence 0. */
    private static <T> DomainEventMessage<T> asDomainEvent(EventMessage<T> event) {
        if (event instanceof DomainEventMessage<T> domainEvent) {
            return domainEvent;
        }
        return new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }
}
