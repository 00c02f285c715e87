package io.salespipeline.events;

/** A canonical stage a pipeline uses, with the company's own name for it. */
public record PipelineStage(Stage stage, String label) {
}
