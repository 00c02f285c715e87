package io.salespipeline.query.pipelines;

import io.salespipeline.events.PipelineDefined;
import io.salespipeline.query.projection.Projection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/** Keeps every version of every pipeline definition; a version seen before is skipped (replays, duplicates). */
@Component
@ProcessingGroup(PipelineDefinitionProjection.PROCESSING_GROUP)
public class PipelineDefinitionProjection implements Projection {

    public static final String PROCESSING_GROUP = "pipeline-definitions";

    private final PipelineDefinitions definitions;

    public PipelineDefinitionProjection(PipelineDefinitions definitions) {
        this.definitions = definitions;
    }

    @Override
    public String name() {
        return PROCESSING_GROUP;
    }

    @Override
    public Object handlerWritingTo(String suffix) {
        return new PipelineDefinitionProjection(definitions.on(suffix));
    }

    @EventHandler
    void on(PipelineDefined event) {
        definitions.save(event);
    }

    @ResetHandler
    void reset() {
        definitions.deleteAll();
    }
}
