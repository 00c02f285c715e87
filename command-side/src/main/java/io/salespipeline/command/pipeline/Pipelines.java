package io.salespipeline.command.pipeline;

import io.salespipeline.events.LeadSource;
import io.salespipeline.events.PipelineDefinition;
import io.salespipeline.events.PipelineRef;

import java.util.Optional;

/** The pipeline definitions as the Lead aggregate needs them. A version never changes once defined. */
public interface Pipelines {

    /** The current version of the pipeline named {@code key}, if there is one. */
    Optional<PipelineDefinition> current(String key);

    /** The current version of the pipeline serving {@code source}: the one claiming it, else {@code default}. */
    PipelineDefinition serving(LeadSource source);

    /** A version a lead is bound to. */
    PipelineDefinition version(PipelineRef ref);
}
