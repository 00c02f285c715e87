package io.salespipeline.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Users for HTTP Basic. Passwords may be given in clear (for demos) or in Spring's encoded form,
 * e.g. {@code {bcrypt}$2a$...}.
 */
@ConfigurationProperties("pipeline.security")
public record PipelineSecurityProperties(List<User> users) {

    public PipelineSecurityProperties {
        users = users != null ? List.copyOf(users) : List.of();
    }

    public record User(String name, String password, List<String> roles) {
    }
}
