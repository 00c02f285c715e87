package io.salespipeline.events;

import java.time.Instant;
import java.util.List;

/**
 * A pipeline was defined or changed: its {@code version} (1, 2, …) applies to the leads registered after
 * it; leads registered before keep the version they were registered with.
 */
public record PipelineDefined(String key, int version, String name, List<LeadSource> sources,
                              List<PipelineStage> stages, PipelineRules rules, Instant occurredAt) implements PipelineEvent {

    public PipelineDefinition definition() {
        return new PipelineDefinition(key, version, name, sources, stages, rules);
    }
}
