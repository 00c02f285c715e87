package io.salespipeline.platform.web;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Limits on what a request may carry, and what the API tells a client to do when it cannot serve it
 * ({@code pipeline.http}).
 *
 * @param maxBodySize    the largest request body accepted; a larger one answers 413. Streamed uploads
 *                       ({@code application/x-ndjson}) are bounded by the endpoint that reads them
 * @param maxJsonNesting the deepest nesting of a JSON body (this API's bodies need 3)
 * @param retryAfter     the {@code Retry-After} of a 503
 */
public record HttpProperties(
        @DefaultValue("256KB") DataSize maxBodySize,
        @DefaultValue("32") @Min(4) int maxJsonNesting,
        @DefaultValue("2s") @DurationMin(nanos = 0) Duration retryAfter) {

    /** max-body-size must be positive. */
    @AssertTrue(message = "max-body-size must be positive")
    public boolean isMaxBodySizePositive() {
        return maxBodySize != null && maxBodySize.toBytes() > 0;
    }

    /** {@code Retry-After} in whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
