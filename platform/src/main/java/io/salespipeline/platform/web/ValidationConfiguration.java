package io.salespipeline.platform.web;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import org.springframework.boot.autoconfigure.validation.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.annotation.ElementType;

/**
 * Bean Validation of request bodies. With JPA on the classpath, Hibernate Validator would ask JPA, for every
 * property of every request body, whether it is a lazily loaded attribute of an entity; request bodies are
 * plain records, so every property is validated without asking.
 */
@Configuration
public class ValidationConfiguration {

    @Bean
    ValidationConfigurationCustomizer everyPropertyIsReachable() {
        return configuration -> configuration.traversableResolver(new TraversableResolver() {
            @Override
            public boolean isReachable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToProperty,
                                       ElementType elementType) {
                return true;
            }

            @Override
            public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToProperty,
                                        ElementType elementType) {
                return true;
            }
        });
    }
}
