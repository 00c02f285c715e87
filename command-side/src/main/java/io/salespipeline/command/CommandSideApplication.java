package io.salespipeline.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The command side on its own (port 8081): accepts commands and appends events to the shared store. */
@SpringBootApplication(scanBasePackages = {"io.salespipeline.command", "io.salespipeline.platform"})
public class CommandSideApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
