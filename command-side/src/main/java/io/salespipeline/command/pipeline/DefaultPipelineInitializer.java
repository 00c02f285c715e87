package io.salespipeline.command.pipeline;

import io.salespipeline.command.readyourwrites.PositionedResult;
import io.salespipeline.command.lead.LeadRules;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records the {@code default} pipeline in the log as the deployment configures it ({@code pipeline.rules.*}):
 * a first version on a new store, a new version when the configuration changed (leads keep theirs), nothing
 * when it is the same. Two instances starting at once meet at the catalogue's unique sequence; the loser
 * tries once more and finds it defined.
 */
@Component
class DefaultPipelineInitializer {

    private static final Logger log = LoggerFactory.getLogger(DefaultPipelineInitializer.class);

    private final CommandGateway commandGateway;
    private final LeadRules rules;

    DefaultPipelineInitializer(CommandGateway commandGateway, LeadRules rules) {
        this.commandGateway = commandGateway;
        this.rules = rules;
    }

    @EventListener(ApplicationReadyEvent.class)
    void defineDefault() {
        for (int attempt = 1; ; attempt++) {
            try {
                PipelineCatalog.Defined defined = PositionedResult.unwrap(commandGateway.sendAndWait(DefaultPipeline.command(rules)));
                if (defined.changed()) {
                    log.info("Pipeline 'default' is at version {}: {}", defined.definition().version(), defined.definition().rules());
                }
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3) {
                    throw e;
                }
                log.info("Defining the default pipeline raced another instance ({}); trying again", e.toString());
            }
        }
    }
}
