package io.salespipeline.events;

import java.time.Instant;

/** A fact about the pipeline definitions (kept in one stream, the catalogue of pipelines). */
public sealed interface PipelineEvent permits PipelineDefined {

    String key();

    Instant occurredAt();
}
