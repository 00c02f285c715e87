package io.salespipeline.platform.config;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Axon's embedded event store, which wakes its readers when this process commits events, made to say so
 * to others ({@link #onCommit}) and to be woken by others ({@link #eventsCommittedElsewhere}): a commit in
 * another process (the command side of a split deployment) reaches the readers here at once instead of at
 * their next poll.
 * <p>
 * <b>The shared cache follows the log while no processor does.</b> Axon's store reads the log once for all
 * processors that are at its head and keeps the last events read (a linked list) for them. When every one of them
 * stops (the projections paused for a catch-up during a bulk import), it stops reading where it was; when one comes
 * back at the head, it reads everything written meanwhile in one go, and every event of that read stays reachable
 * until the read ends: a million imported events filled a 512 MB heap. So from the first stream on, a follower of
 * its own reads at the head and drops what it reads, and the cache never falls behind the log (a bounded read per
 * round, {@link PositionedJdbcEventStorageEngine#PRODUCER_READ}, is the second guard).
 */
public class NotifyingEventStore extends EmbeddedEventStore {

    private static final Logger log = LoggerFactory.getLogger(NotifyingEventStore.class);

    private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean following = new AtomicBoolean();
    private volatile boolean shutDown;
    private volatile Thread follower;

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

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        TrackingEventStream stream = super.openStream(trackingToken);
        if (!shutDown && following.compareAndSet(false, true)) {
            follow();
        }
        return stream;
    }

    /** Whether the follower runs (from the first stream opened until the store shuts down). */
    public boolean following() {
        Thread thread = follower;
        return thread != null && thread.isAlive();
    }

    private void follow() {
        Thread thread = new Thread(() -> {
            while (!shutDown) {
                try (TrackingEventStream stream = super.openStream(createHeadToken())) {
                    while (!shutDown) {
                        if (stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
                            stream.nextAvailable();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    log.warn("The event store's follower failed; it follows again from the head of the log", e);
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }, "event-store-follower");
        thread.setDaemon(true);
        follower = thread;
        thread.start();
    }

    @Override
    public void shutDown() {
        shutDown = true;
        Thread thread = follower;
        if (thread != null) {
            thread.interrupt();
        }
        super.shutDown();
    }
}
