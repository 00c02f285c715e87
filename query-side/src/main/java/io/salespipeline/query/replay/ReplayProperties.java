package io.salespipeline.query.replay;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param batchSize   events per transaction while a rebuild reads the log (default 2,000: larger than the
 *                    live processors' batches, the rebuild has the whole log to read)
 * @param threads     threads (and segments, each a share of the leads) of the rebuild's processor (default 2)
 * @param checkEvery  how often a running rebuild is checked for having caught up with the log (default 200 ms)
 */
@ConfigurationProperties("pipeline.replay")
public record ReplayProperties(Integer batchSize, Integer threads, Duration checkEvery) {

    public ReplayProperties {
        threads = threads != null ? threads : 2;
        batchSize = batchSize != null ? batchSize : 2000;
        checkEvery = checkEvery != null ? checkEvery : Duration.ofMillis(200);
        if (batchSize < 1 || threads < 1 || checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("pipeline.replay: batch-size, threads and check-every must be positive");
        }
    }
}
