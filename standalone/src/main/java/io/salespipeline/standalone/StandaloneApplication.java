package io.salespipeline.standalone;

import io.salespipeline.command.CommandSideApplication;
import io.salespipeline.query.QuerySideApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * Command side and query side in one process on port 8080: by default on an embedded H2 file database
 * ({@code ./data}), with the {@code postgres} profile on PostgreSQL. The two sides' own application
 * classes are left out of the scan; their packages are scanned instead.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = {"io.salespipeline.command", "io.salespipeline.query", "io.salespipeline.platform",
        "io.salespipeline.standalone"},
        excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
                classes = {CommandSideApplication.class, QuerySideApplication.class}))
public class StandaloneApplication {

    public static void main(String[] args) {
        SpringApplication.run(StandaloneApplication.class, args);
    }
}
