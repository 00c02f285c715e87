package io.salespipeline.command.lead.http;

import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets the commands on one lead wait their turn here, in the request's thread, before they take a
 * database connection, and the retries of one {@code Idempotency-Key} wait for the attempt in flight. Axon serializes the commands on a lead
 * too, but only once its unit of work holds a connection: twenty requests racing for one lead would hold
 * twenty connections while nineteen of them wait, and a busy pool is indistinguishable from a database
 * that is away (both end in a connection timeout, which is kept short so an outage answers 503 fast).
 * Fair locks, in a fixed number of stripes: memory stays bounded, unrelated leads rarely share one.
 */
@Component
public class CommandQueue {

    private static final int STRIPES = 512;
    private static final long MAX_WAIT_SECONDS = 30;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    public CommandQueue() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock(true);
        }
    }

    /** Runs {@code work} once the earlier work for {@code key} is done; null runs it at once. */
    public <T> T inTurn(String key, Supplier<T> work) {
        if (key == null) {
            return work.get();
        }
        ReentrantLock lock = stripes[Math.floorMod(key.hashCode() * 0x9E3779B9, STRIPES)];
        try {
            if (!lock.tryLock(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new QueueTimeoutException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueTimeoutException();
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} at once if nothing runs for {@code key}; otherwise waits until that is done, then
     * runs it (the waiters together: after the first attempt, a retry mostly reads its stored answer).
     */
    public <T> T once(String key, Supplier<T> work) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = inFlight.putIfAbsent(key, mine);
        if (running == null) {
            try {
                return work.get();
            } finally {
                inFlight.remove(key, mine);
                mine.complete(null);
            }
        }
        try {
            running.get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueTimeoutException();
        } catch (ExecutionException | TimeoutException e) {
            throw new QueueTimeoutException();
        }
        return work.get();
    }

    /** A command waited too long for the ones before it (HTTP 503, retry later). */
    public static class QueueTimeoutException extends RuntimeException {
        QueueTimeoutException() {
            super("too many commands for this lead are waiting; retry later");
        }
    }
}
