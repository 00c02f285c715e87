package io.salespipeline.platform.config;

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

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, with 0 to 9 digits of fraction; else Axon's parser. */
    static Instant parse(String text) {
        int n = text.length();
        if (n < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z' || (n > 20 && text.charAt(19) != '.') || n == 21 || n > 30) {
            return DateTimeUtils.parseInstant(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (n > 20) {
            int fraction = digits(text, 20, n - 1);
            if (fraction < 0) {
                return DateTimeUtils.parseInstant(text);
            }
            nanos = fraction;
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return DateTimeUtils.parseInstant(text);
        }
        long epochDay;
        try {
            epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return DateTimeUtils.parseInstant(text);
        }
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The number written by {@code text[from, to)}, or -1 if it is not all digits. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** {@code data} with its timestamp parsed from the column's {@code text} (a domain event's data; other data as it is). */
    static TrackedEventData<?> tracked(TrackedEventData<?> data, Object text) {
        return data instanceof DomainEventData<?> domain && text instanceof String timestamp
                ? new TrackedDomain<>(data.trackingToken(), domain, parse(timestamp)) : data;
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
