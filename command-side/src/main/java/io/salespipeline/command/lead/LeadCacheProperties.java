package io.salespipeline.command.lead;

import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The leads kept in memory between commands, so that a command on a lead worked on recently does not read
 * and replay its whole history again ({@code pipeline.lead-cache}).
 *
 * @param maximumSize       how many leads at most (0 turns the cache off)
 * @param expireAfterAccess how long a lead stays after its last command
 */
public record LeadCacheProperties(
        @DefaultValue("10000") @PositiveOrZero long maximumSize,
        @DefaultValue("30m") @DurationMin(nanos = 0) Duration expireAfterAccess) {
}
