package io.salespipeline.events;

/** A version of a pipeline: what a lead is bound to when it is registered. */
public record PipelineRef(String key, int version) {

    /** What leads registered before pipelines existed follow. */
    public static final PipelineRef FIRST_DEFAULT = new PipelineRef(PipelineDefinition.DEFAULT, 1);
}
