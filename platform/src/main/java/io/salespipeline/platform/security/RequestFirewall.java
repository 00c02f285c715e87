package io.salespipeline.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.platform.web.ApiExceptionHandler;
import io.salespipeline.platform.web.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's firewall (Spring Security picks both beans up): its usual rules on paths
 * (encoded {@code .}, {@code /}, {@code ;}, {@code %}, double slashes, {@code ..}), header values in
 * printable ASCII only, and a rejection answered as a {@code 400} problem instead of an exception that
 * surfaces as Spring Boot's error JSON.
 */
@Configuration
public class RequestFirewall {

    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(RequestFirewall::isPrintableAscii);
        return firewall;
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper objectMapper) {
        return (request, response, rejected) -> ProblemResponses.write(response, objectMapper, ApiExceptionHandler.rejected());
    }

    static boolean isPrintableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
