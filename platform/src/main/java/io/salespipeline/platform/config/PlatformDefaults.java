package io.salespipeline.platform.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Adds {@code pipeline-platform.properties} (the defaults every deployment shares) as the environment's
 * last property source, before the application context starts. A {@code @PropertySource} would come
 * too late for the settings Spring Boot reads first (logging levels, the web server, the data source
 * of the health indicators). Each application's own configuration and the environment override them.
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    static final String NAME = "pipeline-platform-defaults";
    private static final String RESOURCE = "pipeline-platform.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(NAME)) {
            return;
        }
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource(NAME, new ClassPathResource(RESOURCE)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
