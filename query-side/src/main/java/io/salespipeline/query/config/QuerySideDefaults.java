package io.salespipeline.query.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/** The query side's defaults (dead-letter queues per projection), wherever it runs. */
@Configuration
@PropertySource("classpath:pipeline-query.properties")
public class QuerySideDefaults {
}
