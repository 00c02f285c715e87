package io.salespipeline.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How many failed logins a user name may have from one address before further attempts answer
 * {@code 429}: {@code maxFailures} (5) per {@code per} (1 minute), refilled gradually; at most
 * {@code trackedKeys} (100,000) user-and-address pairs are remembered at once.
 */
@ConfigurationProperties("pipeline.security.login-attempts")
public record LoginAttemptProperties(Integer maxFailures, Duration per, Integer trackedKeys) {

    public LoginAttemptProperties {
        maxFailures = maxFailures != null ? maxFailures : 5;
        per = per != null ? per : Duration.ofMinutes(1);
        trackedKeys = trackedKeys != null ? trackedKeys : 100_000;
        if (maxFailures < 1 || per.isNegative() || per.isZero() || trackedKeys < 1) {
            throw new IllegalArgumentException("pipeline.security.login-attempts: max-failures, per and tracked-keys "
                    + "must be positive");
        }
    }
}
