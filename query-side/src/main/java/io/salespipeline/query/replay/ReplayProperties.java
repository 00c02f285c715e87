package io.salespipeline.query.replay;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Rebuilds of the read models ({@code pipeline.replay}).
 *
 * @param batchSize  events per transaction while a rebuild reads the log (larger than the live processors'
 *                   batches: the rebuild has the whole log to read)
 * @param threads    threads (and segments, each a share of the leads) of the rebuild's processor
 * @param checkEvery how often a running rebuild is checked for having caught up with the log
 * @param catchUpBehind  a projection at least this many events behind the log (a tenth of that while the log grew
 *                       by as much since the previous check; and {@code catchUpShare} of it either way) catches up
 *                       by a rebuild, its own processor paused meanwhile; 0: never
 * @param catchUpShare   ... and at least this share of the log behind: a rebuild reads the whole log, about three
 *                       times as fast as a projection follows it event by event
 * @param catchUpCheckEvery how often the projections' distance behind the log is checked for a catch-up
 * @param catchUpMaxWait    paused projections are rebuilt after this long even if the log still grows fast
 * @param catchUpQuietRate  the log grows "slowly again" (a bulk import has ended) when it grew by less than this many
 *                          events a second since the previous check: an import, even in its first seconds while it
 *                          warms up, appends at twice that or more
 * @param switchConnections connections the switch-over vacuums, indexes and analyzes the fresh tables on at once
 *                          (PostgreSQL), a table or index each
 */
public record ReplayProperties(
        @DefaultValue("2000") @Positive int batchSize,
        @DefaultValue("2") @Positive int threads,
        @DefaultValue("200ms") @DurationMin(nanos = 0, inclusive = false) Duration checkEvery,
        @DefaultValue("10000") @PositiveOrZero long catchUpBehind,
        @DefaultValue("0.3") @DecimalMin("0") @DecimalMax("1") double catchUpShare,
        @DefaultValue("2s") @DurationMin(nanos = 0, inclusive = false) Duration catchUpCheckEvery,
        @DefaultValue("10m") @DurationMin(nanos = 0) Duration catchUpMaxWait,
        @DefaultValue("1000") @Positive long catchUpQuietRate,
        @DefaultValue("2") @Positive int switchConnections) {

    /** Events the log may grow by between two checks and still count as growing slowly. */
    long catchUpQuietBelow() {
        return Math.max(catchUpQuietRate * catchUpCheckEvery.toMillis() / 1000, 1);
    }
}
