package io.salespipeline.query.config;

import io.salespipeline.query.dashboard.DashboardSettings;
import io.salespipeline.query.monitoring.HealthProperties;
import io.salespipeline.query.readyourwrites.ReadYourWritesProperties;
import io.salespipeline.query.replay.ReplayProperties;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.util.List;

/** Binds {@link QuerySideProperties} and hands each area to the beans that use it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QuerySideProperties.class)
public class QuerySidePropertiesConfiguration {

    /** The projections whose segments and threads {@code pipeline.projections} sets (the others keep one of each). */
    static final List<String> SCALED_PROJECTIONS = List.of("lead-views", "stage-visits");
    static final List<String> PROJECTIONS = List.of("lead-views", "stage-visits", "pipeline-definitions");

    @Bean
    ReplayProperties replayProperties(QuerySideProperties properties) {
        return properties.replay();
    }

    @Bean
    ReadYourWritesProperties readYourWritesProperties(QuerySideProperties properties) {
        return properties.readYourWrites();
    }

    @Bean
    DashboardSettings dashboardSettings(QuerySideProperties properties) {
        return properties.dashboard();
    }

    @Bean
    HealthProperties healthProperties(QuerySideProperties properties) {
        return properties.health();
    }

    /**
     * {@code pipeline.projections} into Axon's processor settings (mode and dead-letter queues are in
     * {@code pipeline-query.properties}), once Axon's {@code axon.eventhandling} properties are bound and before
     * its auto-configuration registers the processors from them.
     */
    @Bean
    static BeanPostProcessor projectionProcessorSettings(ObjectProvider<QuerySideProperties> properties) {
        return new ProjectionSettings(properties);
    }

    private record ProjectionSettings(ObjectProvider<QuerySideProperties> properties) implements BeanPostProcessor, Ordered {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof EventProcessorProperties axon) {
                ProjectionsProperties projections = properties.getObject().projections();
                for (String name : PROJECTIONS) {
                    EventProcessorProperties.ProcessorSettings settings =
                            axon.getProcessors().computeIfAbsent(name, n -> new EventProcessorProperties.ProcessorSettings());
                    settings.setBatchSize(projections.batchSize());
                    if (SCALED_PROJECTIONS.contains(name)) {
                        settings.setInitialSegmentCount(projections.segments());
                        settings.setThreadCount(projections.threads());
                    }
                }
            }
            return bean;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
