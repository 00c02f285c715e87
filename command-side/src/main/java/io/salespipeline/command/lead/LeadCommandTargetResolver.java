package io.salespipeline.command.lead;

import io.salespipeline.events.LeadCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;

/**
 * Routes every {@link LeadCommand} to its lead by {@code leadId()}, so the published commands need no
 * framework annotations.
 */
@Component("leadCommandTargetResolver")
public class LeadCommandTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof LeadCommand leadCommand && leadCommand.leadId() != null) {
            return new VersionedAggregateIdentifier(leadCommand.leadId().toString(), null);
        }
        throw new InvalidCommandException("leadId", "the command names no lead");
    }
}
