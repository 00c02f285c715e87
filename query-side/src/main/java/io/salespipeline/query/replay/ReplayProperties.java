package io.salespipeline.query.replay;

import jakarta.validation.constraints.Positive;
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
 */
public record ReplayProperties(
        @DefaultValue("2000") @Positive int batchSize,
        @DefaultValue("2") @Positive int threads,
        @DefaultValue("200ms") @DurationMin(nanos = 0, inclusive = false) Duration checkEvery) {
}
