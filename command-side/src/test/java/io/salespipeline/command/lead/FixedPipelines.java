package io.salespipeline.command.lead;

import io.salespipeline.command.pipeline.Pipelines;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.PipelineDefinition;
import io.salespipeline.events.PipelineRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Pipelines} for aggregate tests: a fixed list of versions; the latest of a key is its current one. */
class FixedPipelines implements Pipelines {

    private final List<PipelineDefinition> versions = new ArrayList<>();

    FixedPipelines(PipelineDefinition defaultPipeline, PipelineDefinition... others) {
        versions.add(defaultPipeline);
        versions.addAll(List.of(others));
    }

    @Override
    public Optional<PipelineDefinition> current(String key) {
        return versions.stream().filter(p -> p.key().equals(key)).reduce((a, b) -> a.version() > b.version() ? a : b);
    }

    @Override
    public PipelineDefinition serving(LeadSource source) {
        return versions.stream().filter(p -> p.sources().contains(source)).map(p -> current(p.key()).orElseThrow())
                .filter(p -> p.sources().contains(source)).findFirst()
                .orElseGet(() -> current(PipelineDefinition.DEFAULT).orElseThrow());
    }

    @Override
    public PipelineDefinition version(PipelineRef ref) {
        return versions.stream().filter(p -> p.ref().equals(ref)).findFirst()
                .orElseThrow(() -> new InvalidCommandException("pipeline", "unknown pipeline version " + ref));
    }
}
