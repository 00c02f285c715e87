package io.salespipeline.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Users for HTTP Basic, and how long a successful password check is remembered. Passwords may be given in
 * clear (for demos) or in Spring's encoded form, e.g. {@code {bcrypt}$2a$...}.
 *
 * @param users           the users and their roles
 * @param credentialCache how long (default 2 minutes) and how many (default 10,000) successful checks of
 *                        user and password are remembered (see {@link CredentialCache})
 */
@ConfigurationProperties("pipeline.security")
public record PipelineSecurityProperties(List<User> users, CredentialCacheSettings credentialCache) {

    public PipelineSecurityProperties {
        users = users != null ? List.copyOf(users) : List.of();
        credentialCache = credentialCache != null ? credentialCache : new CredentialCacheSettings(null, null);
    }

    public record User(String name, String password, List<String> roles) {
    }

    public record CredentialCacheSettings(Duration ttl, Long maximumSize) {

        public CredentialCacheSettings {
            ttl = ttl != null ? ttl : Duration.ofMinutes(2);
            maximumSize = maximumSize != null ? maximumSize : 10_000L;
            if (ttl.isNegative() || maximumSize < 0) {
                throw new IllegalArgumentException("pipeline.security.credential-cache: ttl and maximum-size must not be negative");
            }
        }
    }
}
