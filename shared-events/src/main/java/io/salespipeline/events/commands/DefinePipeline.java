package io.salespipeline.events.commands;

import io.salespipeline.events.LeadSource;
import io.salespipeline.events.PipelineRules;
import io.salespipeline.events.PipelineStage;

import java.util.List;

/** Defines a pipeline or changes it (a new version); missing rules take the deployment's defaults. */
public record DefinePipeline(String key, String name, List<LeadSource> sources, List<PipelineStage> stages,
                             PipelineRules rules) {
}
