package io.salespipeline.command.lead.http;

import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets the commands on one lead (or the retries of one {@code Idempotency-Key}) wait their turn here, in
 * the request's thread, before they take a database connection. Axon serializes the commands on a lead
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

    /** A command waited too long for the ones before it (HTTP 503, retry later). */
    public static class QueueTimeoutException extends RuntimeException {
        QueueTimeoutException() {
            super("too many commands for this lead are waiting; retry later");
        }
    }
}
