package io.salespipeline.platform.config;

import io.salespipeline.platform.json.IsoInstants;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;

import java.time.Instant;

/**
 * The event store's {@code time_stamp} column (ISO-8601 text in UTC, as Axon writes it) read with a parser for
 * exactly that shape. Axon parses it with a general {@code DateTimeFormatter} every time an event's timestamp
 * is asked for, which was about a tenth of every projection's CPU time while replaying or importing
 * (JFR, docs/benchmarks); anything of another shape is left to Axon's parser. Used for the events the
 * processors track; an aggregate's events, loaded on a cache miss only, keep Axon's entries.
 */
final class StoredTimestamps {

    private StoredTimestamps() {
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, with 0 to 9 digits of fraction ({@link IsoInstants}); else Axon's parser. */
    static Instant parse(String text) {
        Instant instant = IsoInstants.parseCanonical(text);
        return instant != null ? instant : DateTimeUtils.parseInstant(text);
    }

    /** A tracked domain event's {@code data}, after which the processor is at {@code token}, with its {@code timestamp} parsed. */
    static TrackedEventData<?> tracked(TrackingToken token, DomainEventData<?> data, Instant timestamp) {
        return new TrackedDomain<>(token, data, timestamp);
    }

    /** Tracked event data of a domain event, its timestamp parsed once. */
    private record TrackedDomain<T>(TrackingToken token, DomainEventData<T> data, Instant timestamp)
            implements TrackedEventData<T>, DomainEventData<T> {

        @Override
        public TrackingToken trackingToken() {
            return token;
        }

        @Override
        public String getType() {
            return data.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return data.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return data.getSequenceNumber();
        }

        @Override
        public String getEventIdentifier() {
            return data.getEventIdentifier();
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public SerializedObject<T> getMetaData() {
            return data.getMetaData();
        }

        @Override
        public SerializedObject<T> getPayload() {
            return data.getPayload();
        }
    }
}
