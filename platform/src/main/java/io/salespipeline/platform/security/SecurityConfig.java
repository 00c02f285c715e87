package io.salespipeline.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import io.salespipeline.platform.web.Problems;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * Every {@code /api/**} request is authenticated: HTTP Basic against configured users, and a JWT bearer
 * where an issuer is configured ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}; roles in
 * the {@code roles} claim by default, see {@code pipeline-platform.properties}). Which role may do what is
 * decided here by path; which lead a sales rep may
 * touch is decided by the lead itself.
 */
@Configuration
public class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);
    private static final String[] COMMANDERS = {"SALES", "MANAGER", "ADMIN"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ObjectProvider<JwtDecoder> jwtDecoder, ObjectMapper objectMapper,
                                    LoginThrottle loginThrottle) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .headers(SecurityHeaders::configure)
                .addFilterBefore(loginThrottle.filter(objectMapper), BasicAuthenticationFilter.class)
                // a dashboard on another origin (the query side's) may send commands: pipeline.cors (CorsSettings)
                .cors(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/v3/api-docs/**",
                                "/swagger-ui/**", "/swagger-ui.html", "/error").permitAll()
                        // metrics for the operator's scraper (docs/operations.md)
                        .requestMatchers("/actuator/prometheus").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/leads/*/owner").hasAnyRole("MANAGER", "ADMIN")
                        .requestMatchers(HttpMethod.PUT, "/api/pipelines/*").hasRole("ADMIN")
                        // a calendar app subscribes to a secret URL without credentials (the token authorizes)
                        .requestMatchers(HttpMethod.GET, "/api/calendar/*.ics").permitAll()
                        .requestMatchers("/api/calendar/feed-token").authenticated()
                        // imports of lead histories and their progress (command side)
                        .requestMatchers("/api/imports", "/api/imports/**").hasAnyRole("MANAGER", "ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/leads", "/api/leads/**").hasAnyRole(COMMANDERS)
                        .requestMatchers(HttpMethod.PATCH, "/api/leads/**").hasAnyRole(COMMANDERS)
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .requestMatchers("/api/analytics/**").hasAnyRole("MANAGER", "ANALYST", "ADMIN")
                        .requestMatchers("/api/events/**", "/api/events").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").authenticated()
                        .requestMatchers("/api/**").denyAll()
                        .anyRequest().permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"sales-pipeline\"");
                    writeProblem(objectMapper, response, HttpStatus.UNAUTHORIZED, "authentication-required",
                            "Authentication required", "send HTTP Basic credentials or a bearer token", request.getRequestURI());
                }))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Basic realm=\"sales-pipeline\"");
                            writeProblem(objectMapper, response, HttpStatus.UNAUTHORIZED, "authentication-required",
                                    "Authentication required", "send HTTP Basic credentials or a bearer token",
                                    request.getRequestURI());
                        })
                        .accessDeniedHandler((request, response, e) -> writeProblem(objectMapper, response,
                                HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                                "your role does not allow " + request.getMethod() + " " + request.getRequestURI(),
                                request.getRequestURI())));
        if (jwtDecoder.getIfAvailable() != null) {
            // roles and user name come from Spring Boot's spring.security.oauth2.resourceserver.jwt.* properties
            // (authorities-claim-name, authority-prefix, principal-claim-name), through the converter Boot builds
            http.oauth2ResourceServer(rs -> rs.jwt(Customizer.withDefaults()));
        }
        return http.build();
    }

    /**
     * Spring Security would otherwise wrap every filter of every request in an observation (a dozen per
     * request, a sixth of a command's CPU in the profile); requests are still timed as a whole
     * ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The configured users; changes through it (a new password, other roles) apply from the next request. */
    @Bean
    UserDetailsManager pipelineUsers(PipelineSecurityProperties properties, PasswordEncoder encoder,
                                     ObjectProvider<JwtDecoder> jwtDecoder) {
        if (properties.users().isEmpty() && jwtDecoder.getIfAvailable() == null) {
            throw new IllegalStateException("No users and no JWT issuer configured: set pipeline.security.users "
                    + "(e.g. PIPELINE_SECURITY_USERS_0_NAME/_PASSWORD/_ROLES_0) or "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri");
        }
        List<UserDetails> users = properties.users().stream().map(u -> {
            String password = u.password().startsWith("{") ? u.password() : encoder.encode(u.password());
            List<String> roles = u.roles().stream().map(r -> Role.valueOf(r.trim().toUpperCase()).name()).toList();
            return User.withUsername(u.name()).password(password).roles(roles.toArray(String[]::new)).build();
        }).toList();
        users.forEach(u -> log.info("HTTP Basic user '{}' with {}", u.getUsername(), u.getAuthorities()));
        return new InMemoryUserDetailsManager(users);
    }

    /**
     * The one way HTTP Basic credentials are checked: the configured users, through the credential cache.
     * Being the only {@link org.springframework.security.authentication.AuthenticationProvider} bean, it is
     * what Spring Security's global authentication manager uses (no second, uncached check).
     */
    @Bean
    CredentialCache credentialCache(UserDetailsService users, PasswordEncoder encoder, PipelineSecurityProperties properties) {
        return new CredentialCache(users, encoder, properties.credentialCache().ttl(),
                properties.credentialCache().maximumSize());
    }

    static void writeProblem(ObjectMapper objectMapper, HttpServletResponse response, HttpStatus status, String type,
                             String title, String detail, String instance) throws IOException {
        ProblemDetail problem = Problems.of(status, type, title, detail);
        problem.setInstance(URI.create(instance));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
