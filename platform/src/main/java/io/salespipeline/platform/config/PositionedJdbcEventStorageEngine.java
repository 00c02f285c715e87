package io.salespipeline.platform.config;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.axonframework.common.jdbc.JdbcUtils.closeQuietly;

/**
 * Axon's JDBC event storage engine, appending each unit of work's events in one batched insert whose global
 * indexes the database assigns (the column's default, from its own sequence, increment 1) and returns in
 * the same round trip: no per-event {@code nextval}, and the command learns the position of its events
 * ({@link AppendedPosition}).
 */
public class PositionedJdbcEventStorageEngine extends JdbcEventStorageEngine {

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
        super(builder.schema(schema).transactionManager(transactionManager));
        this.schema = schema;
        this.transactionManager = transactionManager;
        this.insert = "insert into " + schema.domainEventTable() + " (" + schema.domainEventFields()
                + ") values (?,?,?,?,?,?,?,?,?)";
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken) throws SQLException {
        return StoredTimestamps.tracked(super.getTrackedEventData(resultSet, previousToken),
                readTimeStamp(resultSet, schema.timestampColumn()));
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
