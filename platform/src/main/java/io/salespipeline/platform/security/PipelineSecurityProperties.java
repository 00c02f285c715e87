package io.salespipeline.platform.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Users for HTTP Basic, how long a successful password check is remembered and the failed-login throttle
 * ({@code pipeline.security}). Passwords may be given in clear (for demos) or in Spring's encoded form, e.g.
 * {@code {bcrypt}$2a$...}.
 *
 * @param users           the users and their roles ({@code SALES}, {@code MANAGER}, {@code ANALYST},
 *                        {@code ADMIN}); without users or a JWT issuer a service refuses to start
 * @param credentialCache how long and how many successful checks of user and password are remembered (see
 *                        {@link CredentialCache})
 * @param loginAttempts   failed logins per user name and address before {@code 429}
 */
public record PipelineSecurityProperties(
        @DefaultValue @Valid List<User> users,
        @DefaultValue @Valid CredentialCacheSettings credentialCache,
        @DefaultValue @Valid @NestedConfigurationProperty LoginAttemptProperties loginAttempts) {

    public PipelineSecurityProperties {
        users = List.copyOf(users);
    }

    /**
     * @param name     the user name
     * @param password in clear or encoded ({@code {bcrypt}...})
     * @param roles    the user's roles
     */
    public record User(@NotBlank String name, @NotNull String password, @DefaultValue List<String> roles) {
    }

    /**
     * @param ttl         how long a successful check is remembered
     * @param maximumSize how many successful checks are remembered
     */
    public record CredentialCacheSettings(
            @DefaultValue("2m") @DurationMin(nanos = 0) Duration ttl,
            @DefaultValue("10000") @PositiveOrZero long maximumSize) {
    }
}
