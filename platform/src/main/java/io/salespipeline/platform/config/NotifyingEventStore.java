package io.salespipeline.platform.config;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Axon's embedded event store, which wakes its readers when this process commits events, made to say so
 * to others ({@link #onCommit}) and to be woken by others ({@link #eventsCommittedElsewhere}): a commit in
 * another process (the command side of a split deployment) reaches the readers here at once instead of at
 * their next poll.
 */
public class NotifyingEventStore extends EmbeddedEventStore {

    private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();

    public NotifyingEventStore(EmbeddedEventStore.Builder builder) {
        super(builder);
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        commitListeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after every commit of events in this process. */
    public void onCommit(Runnable listener) {
        commitListeners.add(listener);
    }

    /** Another process committed events: read them now rather than at the next poll. */
    public void eventsCommittedElsewhere() {
        super.afterCommit(List.of());
    }
}
