package io.salespipeline.command.lead;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
@EnableConfigurationProperties(LeadRules.class)
public class LeadConfiguration {

    @Bean
    LeadPolicy leadPolicy(LeadRules rules, Clock clock) {
        return new LeadPolicy(rules, clock);
    }
}
