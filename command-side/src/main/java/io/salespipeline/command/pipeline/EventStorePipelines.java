package io.salespipeline.command.pipeline;

import io.salespipeline.command.lead.InvalidCommandException;
import io.salespipeline.command.lead.LeadRules;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.PipelineDefined;
import io.salespipeline.events.PipelineDefinition;
import io.salespipeline.events.PipelineRef;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The definitions read from the catalogue's own stream in the event store. Versions never change, so they
 * are kept once read; the current versions are read again (only the events after the last one seen) when
 * this instance defined one, or at most a second after the last read (another instance may have defined
 * one).
 */
@Component
public class EventStorePipelines implements Pipelines {

    private final EventStorageEngine storage;
    private final LeadRules deployment;
    private final Map<PipelineRef, PipelineDefinition> versions = new HashMap<>();
    private final Map<String, PipelineDefinition> latest = new LinkedHashMap<>();
    private long nextSequence;

    /** How long the current versions are trusted without reading the catalogue again. */
    private static final long FRESH_NANOS = Duration.ofSeconds(1).toNanos();

    private long readAt = System.nanoTime() - FRESH_NANOS;
    private volatile boolean definedHere;

    public EventStorePipelines(EventStore eventStore, EventStorageEngine storage, LeadRules deployment) {
        this.storage = storage;
        this.deployment = deployment;
        // a definition committed by this instance is read before the next question about current versions
        eventStore.subscribe(events -> {
            if (events.stream().anyMatch(e -> e.getPayload() instanceof PipelineDefined)) {
                if (CurrentUnitOfWork.isStarted()) {
                    CurrentUnitOfWork.get().afterCommit(u -> definedHere = true);
                } else {
                    definedHere = true;
                }
            }
        });
    }

    @Override
    public synchronized Optional<PipelineDefinition> current(String key) {
        refreshIfStale();
        return Optional.ofNullable(latest.get(key)).or(() -> PipelineDefinition.DEFAULT.equals(key)
                ? Optional.of(DefaultPipeline.firstVersion(deployment)) : Optional.empty());
    }

    @Override
    public synchronized PipelineDefinition serving(LeadSource source) {
        refreshIfStale();
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

    /**
     * Reads the catalogue again when this instance defined a pipeline, or when the last read is over a second
     * old: a registration reads no stream (it is on the hot path of every registration), and a definition made
     * on another instance applies to this one's registrations within a second.
     */
    private void refreshIfStale() {
        if (definedHere || System.nanoTime() - readAt >= FRESH_NANOS) {
            definedHere = false;
            readAt = System.nanoTime();
            refresh();
        }
    }

    /**
     * Reads the catalogue's events after the last one seen, from the storage engine: not through the event
     * store, which would also search the current unit of work's uncommitted events (a bulk import's unit of
     * work holds thousands, and searching them was a fifth of the import's time).
     */
    private void refresh() {
        DomainEventStream stream = storage.readEvents(PipelineCatalog.ID, nextSequence);
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
