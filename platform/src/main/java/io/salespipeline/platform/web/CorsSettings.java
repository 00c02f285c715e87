package io.salespipeline.platform.web;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.time.Duration;
import java.util.List;

/**
 * Which other origins' pages may call this service's API from a browser. In the split deployment the
 * dashboard is served by the query side and sends its commands to the command side, another origin: the
 * command side lists the query side's origin here ({@code PIPELINE_CORS_ALLOWED_ORIGINS_0=https://query.example}).
 * Nothing listed (the default) means no cross-origin browser calls, exactly as before; API clients that
 * are not browsers send no {@code Origin} and are not concerned.
 *
 * <p>Credentials travel in the {@code Authorization} header the page sets itself, never in cookies, so
 * {@code Access-Control-Allow-Credentials} stays off.
 */
@Configuration
public class CorsSettings {

    /**
     * {@code pipeline.cors}.
     *
     * @param allowedOrigins origins (scheme://host[:port]) whose pages may call {@code /api/**}; none: no
     *                       cross-origin browser calls
     */
    public record Properties(@DefaultValue List<String> allowedOrigins) {

        public Properties {
            allowedOrigins = List.copyOf(allowedOrigins);
        }
    }

    /** Used by Spring Security's CORS filter ({@code http.cors(...)}), which answers preflights before authentication. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(Properties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.allowedOrigins().isEmpty()) {
            CorsConfiguration api = new CorsConfiguration();
            api.setAllowedOrigins(properties.allowedOrigins());
            api.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
            api.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "If-Match", "Idempotency-Key"));
            api.setExposedHeaders(List.of("ETag", "Location", "Retry-After"));
            api.setAllowCredentials(false);
            api.setMaxAge(Duration.ofHours(1));
            source.registerCorsConfiguration("/api/**", api);
        }
        return source;
    }
}
