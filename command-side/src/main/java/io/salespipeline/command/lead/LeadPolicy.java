package io.salespipeline.command.lead;

import io.salespipeline.command.pipeline.Pipelines;

import java.time.Clock;
import java.time.Instant;

/**
 * What the {@link Lead} aggregate decides with besides its own state: the deployment's rules, the pipeline
 * definitions (each lead follows the rules of its pipeline version) and the clock; injected into its handlers.
 */
public record LeadPolicy(LeadRules rules, Pipelines pipelines, Clock clock) {

    public Instant now() {
        return clock.instant();
    }
}
