package io.salespipeline.command.idempotency;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code pipeline.idempotency}.
 *
 * @param retention how long an {@code Idempotency-Key} record is kept: a retry is recognised for that long
 */
public record IdempotencyProperties(@DefaultValue("7d") @DurationMin(nanos = 0, inclusive = false) Duration retention) {
}
