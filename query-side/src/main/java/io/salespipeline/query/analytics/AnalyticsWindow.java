package io.salespipeline.query.analytics;

import io.salespipeline.platform.web.BadRequestException;

import java.time.Clock;
import java.time.Instant;

/**
 * The window {@code [from, to)} of an analytics question. {@code from} defaults to the beginning of
 * history, {@code to} to now; the answer is computed as of {@code to}. {@code allHistory}: no {@code from} was
 * asked for (the reports may then answer from the tallies of the read models, {@link WholeHistory}).
 */
public record AnalyticsWindow(Instant from, Instant to, boolean allHistory) {

    public static AnalyticsWindow of(Instant from, Instant to, Clock clock) {
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : Instant.EPOCH;
        if (!start.isBefore(end)) {
            throw new BadRequestException("from", "from must be before to");
        }
        return new AnalyticsWindow(start, end, from == null);
    }

    public long fromMs() {
        return from.toEpochMilli();
    }

    public long toMs() {
        return to.toEpochMilli();
    }
}
