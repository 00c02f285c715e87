package io.salespipeline.command.pipeline;

import io.salespipeline.command.lead.InvalidCommandException;
import io.salespipeline.command.lead.LeadRules;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.PipelineDefined;
import io.salespipeline.events.PipelineDefinition;
import io.salespipeline.events.PipelineRef;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The definitions read from the catalogue's own stream in the event store. Versions never change, so they
 * are kept once read; each question about the current versions reads only the events after the last one
 * seen (another instance may have defined a new version).
 */
@Component
public class EventStorePipelines implements Pipelines {

    private final EventStore eventStore;
    private final LeadRules deployment;
    private final Map<PipelineRef, PipelineDefinition> versions = new HashMap<>();
    private final Map<String, PipelineDefinition> latest = new LinkedHashMap<>();
    private long nextSequence;

    public EventStorePipelines(EventStore eventStore, LeadRules deployment) {
        this.eventStore = eventStore;
        this.deployment = deployment;
    }

    @Override
    public synchronized Optional<PipelineDefinition> current(String key) {
        refresh();
        return Optional.ofNullable(latest.get(key)).or(() -> PipelineDefinition.DEFAULT.equals(key)
                ? Optional.of(DefaultPipeline.firstVersion(deployment)) : Optional.empty());
    }

    @Override
    public synchronized PipelineDefinition serving(LeadSource source) {
        refresh();
        return latest.values().stream().filter(p -> p.sources().contains(source)).findFirst()
                .orElseGet(() -> current(PipelineDefinition.DEFAULT).orElseThrow());
    }

    @Override
    public synchronized PipelineDefinition version(PipelineRef ref) {
        PipelineDefinition known = versions.get(ref);
        if (known == null) {
            refresh();
            known = versions.get(ref);
        }
        if (known == null && ref.equals(PipelineRef.FIRST_DEFAULT)) {
            // before the deployment defined its default (only a lead registered in the first instant of a new store)
            return DefaultPipeline.firstVersion(deployment);
        }
        if (known == null) {
            throw new InvalidCommandException("pipeline", "unknown pipeline version " + ref);
        }
        return known;
    }

    private void refresh() {
        DomainEventStream stream = eventStore.readEvents(PipelineCatalog.ID, nextSequence);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof PipelineDefined defined) {
                PipelineDefinition definition = defined.definition();
                versions.put(definition.ref(), definition);
                latest.put(definition.key(), definition);
            }
            nextSequence = message.getSequenceNumber() + 1;
        }
    }
}
