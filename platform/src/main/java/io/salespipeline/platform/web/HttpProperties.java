package io.salespipeline.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Limits on what a request may carry, and what the API tells a client to do when it cannot serve it.
 *
 * @param maxBodySize    the largest request body accepted (256 KB); a larger one answers 413. Streamed
 *                       uploads ({@code application/x-ndjson}) are bounded by the endpoint that reads them
 * @param maxJsonNesting the deepest nesting of a JSON body (32 levels; this API's bodies need 3)
 * @param retryAfter     the {@code Retry-After} of a 503 (2 s)
 */
@ConfigurationProperties("pipeline.http")
public record HttpProperties(DataSize maxBodySize, Integer maxJsonNesting, Duration retryAfter) {

    public HttpProperties {
        maxBodySize = maxBodySize != null ? maxBodySize : DataSize.ofKilobytes(256);
        maxJsonNesting = maxJsonNesting != null ? maxJsonNesting : 32;
        retryAfter = retryAfter != null ? retryAfter : Duration.ofSeconds(2);
        if (maxBodySize.toBytes() < 1 || maxJsonNesting < 4 || retryAfter.isNegative()) {
            throw new IllegalArgumentException("pipeline.http: max-body-size must be positive, max-json-nesting at least 4, "
                    + "retry-after not negative");
        }
    }

    /** {@code Retry-After} in whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
