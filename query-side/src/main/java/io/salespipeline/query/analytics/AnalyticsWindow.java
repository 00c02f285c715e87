package io.salespipeline.query.analytics;

import io.salespipeline.platform.web.BadRequestException;

import java.time.Clock;
import java.time.Instant;

/**
 * The window {@code [from, to)} of an analytics question. {@code from} defaults to the beginning of
 * history, {@code to} to now; the answer is computed as of {@code to}.
 */
public record AnalyticsWindow(Instant from, Instant to) {

    public static AnalyticsWindow of(Instant from, Instant to, Clock clock) {
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : Instant.EPOCH;
        if (!start.isBefore(end)) {
            throw new BadRequestException("from", "from must be before to");
        }
        return new AnalyticsWindow(start, end);
    }

    public long fromMs() {
        return from.toEpochMilli();
    }

    public long toMs() {
        return to.toEpochMilli();
    }
}
