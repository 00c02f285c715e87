package io.salespipeline.platform.security;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The security headers on every response: no MIME sniffing, no framing, no caching, no referrer, and a
 * Content-Security-Policy that lets an API answer load nothing at all (the Swagger UI pages may load
 * their own scripts, styles and images). HSTS comes with Spring Security's defaults on HTTPS.
 */
public final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    /** For JSON, CSV, NDJSON and problem answers: nothing to load, nowhere to be framed. */
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /** For the Swagger UI pages, which load their own scripts, styles and images. */
    static final String DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private SecurityHeaders() {
    }

    /** Spring Security's headers, plus a Content-Security-Policy and Referrer-Policy: {@code http.headers(SecurityHeaders::configure)}. */
    public static void configure(HeadersConfigurer<HttpSecurity> headers) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher docs = new OrRequestMatcher(paths.matcher("/swagger-ui/**"), paths.matcher("/swagger-ui.html"));
        headers.frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(docs,
                        new StaticHeadersWriter(CONTENT_SECURITY_POLICY, DOCS_POLICY)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(docs),
                        new StaticHeadersWriter(CONTENT_SECURITY_POLICY, API_POLICY)));
    }

    /** The same headers, for answers written before Spring Security's header filter runs (or without it). */
    public static void applyTo(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader(CONTENT_SECURITY_POLICY, API_POLICY);
        response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
    }
}
