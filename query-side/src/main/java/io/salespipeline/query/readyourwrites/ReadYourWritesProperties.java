package io.salespipeline.query.readyourwrites;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param maxWait how long a query with {@code minPosition} waits for the read models to apply that position
 *                before it answers 503 (default 5 s)
 */
@ConfigurationProperties("pipeline.read-your-writes")
public record ReadYourWritesProperties(Duration maxWait) {

    public ReadYourWritesProperties {
        maxWait = maxWait != null ? maxWait : Duration.ofSeconds(5);
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("pipeline.read-your-writes.max-wait must not be negative");
        }
    }
}
