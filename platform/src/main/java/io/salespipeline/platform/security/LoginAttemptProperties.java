package io.salespipeline.platform.security;

import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How many failed logins a user name may have from one address before further attempts answer {@code 429}
 * ({@code pipeline.security.login-attempts}).
 *
 * @param maxFailures failed logins allowed per {@code per}, refilled gradually
 * @param per         the period of {@code max-failures}
 * @param trackedKeys how many user-and-address pairs are remembered at once
 */
public record LoginAttemptProperties(
        @DefaultValue("5") @Positive int maxFailures,
        @DefaultValue("1m") @DurationMin(nanos = 0, inclusive = false) Duration per,
        @DefaultValue("100000") @Positive int trackedKeys) {
}
