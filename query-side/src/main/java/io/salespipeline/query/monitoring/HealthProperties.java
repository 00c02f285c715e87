package io.salespipeline.query.monitoring;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code pipeline.health}.
 *
 * @param projectionStuckAfter how long a projection may retry a failure, or not move while events wait, before
 *                             the query side is not ready
 */
public record HealthProperties(@DefaultValue("2m") @DurationMin(nanos = 0) Duration projectionStuckAfter) {
}
