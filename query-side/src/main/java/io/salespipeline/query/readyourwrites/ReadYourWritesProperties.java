package io.salespipeline.query.readyourwrites;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code pipeline.read-your-writes}.
 *
 * @param maxWait how long a query with {@code minPosition} waits for the read models to apply that position
 *                before it answers 503
 */
public record ReadYourWritesProperties(@DefaultValue("5s") @DurationMin(nanos = 0) Duration maxWait) {
}
