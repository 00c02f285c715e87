package io.salespipeline.platform.web;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * What a request may carry: {@link RequestLimits} in front of everything, and JSON bodies nested at
 * most {@code pipeline.http.max-json-nesting} deep (Jackson refuses deeper ones before building them).
 */
@Configuration
public class WebLimitsConfiguration {

    @Bean
    FilterRegistrationBean<RequestLimits> requestLimits(HttpProperties http, ObjectMapper objectMapper) {
        FilterRegistrationBean<RequestLimits> registration = new FilterRegistrationBean<>(new RequestLimits(http, objectMapper));
        // after the character-encoding filter, before Spring Security and everything else
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer jsonNestingLimit(HttpProperties http) {
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(http.maxJsonNesting()).build()));
    }
}
