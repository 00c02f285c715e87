package io.salespipeline.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.salespipeline.platform.web.ProblemResponses;
import io.salespipeline.platform.web.Problems;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Failed logins, rate-limited per user name and client address: each failure (Spring Security's
 * bad-credentials event) takes a token from that pair's bucket (Bucket4j; buckets in a bounded Caffeine
 * cache); while the bucket is empty, HTTP Basic requests for that user from that address answer
 * {@code 429} with {@code Retry-After}, right or wrong password. Other addresses, and other users from
 * the same address, are not affected, so nobody can lock a user out from elsewhere.
 */
@Component
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final int MAX_NAME_IN_KEY = 200;

    private final LoginAttemptProperties properties;
    private final Cache<String, Bucket> buckets;

    public LoginThrottle(LoginAttemptProperties properties) {
        this.properties = properties;
        this.buckets = Caffeine.newBuilder().maximumSize(properties.trackedKeys()).expireAfterAccess(properties.per()).build();
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        if (address == null) {
            return;
        }
        String user = event.getAuthentication().getName();
        Bucket bucket = buckets.get(key(user, address), k -> newBucket());
        if (!bucket.tryConsume(1)) {
            log.warn("Failed logins for user '{}' from {} over the limit", abbreviate(user), address);
        }
    }

    /** How long {@code user} must wait before trying again from {@code address}; empty when not blocked. */
    public Optional<Duration> blockedFor(String user, String address) {
        Bucket bucket = buckets.getIfPresent(key(user, address));
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill()));
    }

    /** The filter that answers {@code 429}; goes before HTTP Basic authentication in the security chain. */
    public Filter filter(ObjectMapper objectMapper) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Optional<Duration> wait = basicUser(request).flatMap(user -> blockedFor(user, request.getRemoteAddr()));
                if (wait.isPresent()) {
                    long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                    ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins",
                            "Too many failed logins", "too many failed logins for this user from this address; "
                                    + "retry in " + seconds + " s");
                    ProblemResponses.write(response, objectMapper, problem);
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(properties.maxFailures())
                .refillGreedy(properties.maxFailures(), properties.per()).build()).build();
    }

    private static Optional<String> basicUser(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(0, colon));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty(); // HTTP Basic answers that one
        }
    }

    private static String key(String user, String address) {
        return abbreviate(user).toLowerCase(Locale.ROOT) + "\n" + address;
    }

    private static String abbreviate(String user) {
        return user.length() > MAX_NAME_IN_KEY ? user.substring(0, MAX_NAME_IN_KEY) : user;
    }
}
