package io.salespipeline.command.pipeline;

import io.salespipeline.command.lead.LeadRules;
import io.salespipeline.events.PipelineDefinition;
import io.salespipeline.events.commands.DefinePipeline;

import java.util.List;

/** The {@code default} pipeline: every stage, the trainer's Polish names, the deployment's rules. */
public final class DefaultPipeline {

    public static final String NAME = "Domyślny proces sprzedaży";

    private DefaultPipeline() {
    }

    public static DefinePipeline command(LeadRules rules) {
        return new DefinePipeline(PipelineDefinition.DEFAULT, NAME, List.of(), PipelineDefinition.TRAINERS_STAGES,
                rules.pipelineRules());
    }

    /** The default as its first version would be defined with {@code rules}. */
    public static PipelineDefinition firstVersion(LeadRules rules) {
        return new PipelineDefinition(PipelineDefinition.DEFAULT, 1, NAME, List.of(), PipelineDefinition.TRAINERS_STAGES,
                rules.pipelineRules());
    }
}
