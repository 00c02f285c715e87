package io.salespipeline.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The query side on its own (port 8082): projects the shared event log into read models and serves them. */
@SpringBootApplication(scanBasePackages = {"io.salespipeline.query", "io.salespipeline.platform"})
public class QuerySideApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
