package io.salespipeline.command.pipeline;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;

/** Every pipeline command goes to the one catalogue. */
@Component("pipelineCatalogTargetResolver")
public class PipelineCatalogTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        return new VersionedAggregateIdentifier(PipelineCatalog.ID, null);
    }
}
