package io.salespipeline.platform.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine makes each tracked event, and the token after it, as Axon's JDBC engine does: the same entry, the same
 * gaps (kept before a recent event, dropped before one older than the gap timeout), the same time stamp.
 */
class PositionedJdbcEventStorageEngineTest {

    private static final EventSchema SCHEMA = new EventSchema();

    /** Axon's engine, its tracked events asked for directly. */
    static final class AxonEngine extends JdbcEventStorageEngine {

        AxonEngine(Builder builder) {
            super(builder);
        }

        TrackedEventData<?> tracked(ResultSet row, GapAwareTrackingToken previous) throws java.sql.SQLException {
            return getTrackedEventData(row, previous);
        }
    }

    private static JdbcEventStorageEngine.Builder builder() {
        ConnectionProvider noConnection = () -> {
            throw new IllegalStateException("no database in this test");
        };
        return JdbcEventStorageEngine.builder().connectionProvider(noConnection).transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(JacksonSerializer.defaultSerializer()).snapshotSerializer(JacksonSerializer.defaultSerializer())
                .dataType(byte[].class).schema(SCHEMA);
    }

    @Test
    void tracksEveryEventAsAxonsEngineDoes() throws Exception {
        AxonEngine axon = new AxonEngine(builder());
        PositionedJdbcEventStorageEngine ours = new PositionedJdbcEventStorageEngine(builder(), SCHEMA, NoTransactionManager.INSTANCE);
        Instant now = GenericEventMessage.clock.instant();
        String recent = now.minusSeconds(5).toString();
        String old = now.minus(2, ChronoUnit.MINUTES).toString();
        String offset = "2026-11-27T18:06:35.466+02:00";

        List<GapAwareTrackingToken> previous = new ArrayList<>();
        previous.add(null);
        previous.add(GapAwareTrackingToken.newInstance(10, List.of(3L, 7L)));
        previous.add(GapAwareTrackingToken.newInstance(10, List.of()));
        previous.add(GapAwareTrackingToken.newInstance(20_000, List.of(9_000L, 15_000L)));
        int compared = 0;
        for (GapAwareTrackingToken token : previous) {
            for (long index : new long[]{1, 5, 7, 11, 12, 25_000, 40_000}) {
                if (token != null && index <= token.getIndex() && !token.getGaps().contains(index)) {
                    continue; // an event the processor has seen is not read again
                }
                for (String timestamp : new String[]{recent, old, offset, "2026-11-27T16:06:35Z"}) {
                    for (boolean ofAggregate : new boolean[]{true, false}) {
                        Map<String, Object> row = row(index, timestamp, ofAggregate);
                        TrackedEventData<?> expected = axon.tracked(resultSet(row), token);
                        TrackedEventData<?> actual = ours.getTrackedEventData(resultSet(row), token);
                        assertThat(actual.trackingToken()).as(index + " after " + token + " at " + timestamp).isEqualTo(expected.trackingToken());
                        assertThat(describe(actual)).isEqualTo(describe(expected));
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(100);
    }

    private static Map<String, Object> row(long index, String timestamp, boolean ofAggregate) {
        Map<String, Object> row = new HashMap<>();
        String event = "event-" + index;
        row.put(SCHEMA.globalIndexColumn(), index);
        row.put(SCHEMA.aggregateIdentifierColumn(), ofAggregate ? "lead-" + index : event);
        row.put(SCHEMA.eventIdentifierColumn(), event);
        row.put(SCHEMA.typeColumn(), ofAggregate ? "Lead" : null);
        row.put(SCHEMA.sequenceNumberColumn(), ofAggregate ? index % 7 : 0L);
        row.put(SCHEMA.timestampColumn(), timestamp);
        row.put(SCHEMA.payloadTypeColumn(), "io.salespipeline.events.LeadRegistered");
        row.put(SCHEMA.payloadRevisionColumn(), null);
        row.put(SCHEMA.payloadColumn(), "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        row.put(SCHEMA.metaDataColumn(), "{}".getBytes(StandardCharsets.UTF_8));
        return row;
    }

    /** One row of the event table: its columns by name. */
    private static ResultSet resultSet(Map<String, Object> row) {
        return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[]{ResultSet.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLong" -> row.get((String) args[0]) == null ? 0L : ((Number) row.get((String) args[0])).longValue();
                    case "getString" -> (String) row.get((String) args[0]);
                    case "getBytes", "getObject" -> row.get((String) args[0]);
                    case "wasNull" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static List<Object> describe(TrackedEventData<?> data) {
        DomainEventData<?> domain = (DomainEventData<?>) data;
        return List.of(String.valueOf(domain.getType()), String.valueOf(domain.getAggregateIdentifier()), domain.getSequenceNumber(),
                domain.getEventIdentifier(), domain.getTimestamp(), domain.getPayload().getType(),
                new String((byte[]) domain.getPayload().getData(), StandardCharsets.UTF_8),
                new String((byte[]) domain.getMetaData().getData(), StandardCharsets.UTF_8));
    }
}
