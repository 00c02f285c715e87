package io.salespipeline.query.dashboard;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The dashboard's own files (the page, its script and style, the WebJars it loads) are public: they hold no
 * data. Everything the page shows comes from {@code /api/**}, through the API's rules, with the credentials
 * the user typed into the page's sign-in form, sent by the page itself in an {@code Authorization} header
 * (no cookie, no session, no CSRF surface). A filter chain of its own, ahead of the API's, so that the API's
 * behaviour is unchanged and these files get a Content-Security-Policy that lets the page run its own
 * scripts and nothing else: no inline script, no eval, no other origin except the command side's when it
 * is another one ({@code pipeline.dashboard.command-base-url}).
 */
@Configuration
public class DashboardSecurity {

    static final String[] FILES = {"/", "/index.html", "/dashboard/**", "/webjars/**"};

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain dashboardFiles(HttpSecurity http, DashboardSettings settings) throws Exception {
        String commandOrigin = settings.commandOrigin();
        String policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'" + (commandOrigin != null ? " " + commandOrigin : "") + "; "
                + "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        return http.securityMatcher(FILES)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(policy))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        // static files: the browser may keep them (revalidating by Last-Modified)
                        .cacheControl(cache -> cache.disable())
                        .frameOptions(frame -> frame.deny()))
                .build();
    }
}
