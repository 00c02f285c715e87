package io.salespipeline.command.lead;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The leads kept in memory between commands, so that a command on a lead worked on recently does not read
 * and replay its whole history again.
 *
 * @param maximumSize      how many leads at most (default 10,000; 0 turns the cache off)
 * @param expireAfterAccess how long a lead stays after its last command (default 30 minutes)
 */
@ConfigurationProperties("pipeline.lead-cache")
public record LeadCacheProperties(Long maximumSize, Duration expireAfterAccess) {

    public LeadCacheProperties {
        maximumSize = maximumSize != null ? maximumSize : 10_000L;
        expireAfterAccess = expireAfterAccess != null ? expireAfterAccess : Duration.ofMinutes(30);
        if (maximumSize < 0 || expireAfterAccess.isNegative()) {
            throw new IllegalArgumentException("pipeline.lead-cache: maximum-size and expire-after-access must not be negative");
        }
    }
}
