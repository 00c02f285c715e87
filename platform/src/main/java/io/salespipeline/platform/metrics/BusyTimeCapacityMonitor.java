package io.salespipeline.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The capacity gauge of Axon's {@code CapacityMonitor} (the average number of threads busy handling messages),
 * measured over the time between two readings of the gauge instead of over a sliding ten-minute window. Axon's
 * monitor keeps one entry per message for ten minutes and sums them at each reading: during an import or a
 * replay (thousands of messages a second) its windows held millions of entries, two thirds of a 512 MB heap,
 * and each Prometheus scrape spent a quarter of a second of CPU summing them (JFR and a heap histogram,
 * docs/benchmarks). This one adds each message's handling time to a counter: constant memory, constant time.
 */
public final class BusyTimeCapacityMonitor implements MessageMonitor<Message<?>> {

    private final String meterName;
    private final MeterRegistry registry;
    private final Function<Message<?>, Iterable<Tag>> tags;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<Tags, Busy> busy = new ConcurrentHashMap<>();

    public BusyTimeCapacityMonitor(String meterName, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tags) {
        this(meterName, registry, tags, System::nanoTime);
    }

    BusyTimeCapacityMonitor(String meterName, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tags, LongSupplier nanoTime) {
        this.meterName = meterName;
        this.registry = registry;
        this.tags = tags;
        this.nanoTime = nanoTime;
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        Busy counter = busy.computeIfAbsent(Tags.of(tags.apply(message)), this::register);
        long started = nanoTime.getAsLong();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                counter.add(nanoTime.getAsLong() - started);
            }

            @Override
            public void reportFailure(Throwable cause) {
                counter.add(nanoTime.getAsLong() - started);
            }

            @Override
            public void reportIgnored() {
                counter.add(nanoTime.getAsLong() - started);
            }
        };
    }

    private Busy register(Tags tagSet) {
        Busy counter = new Busy(nanoTime);
        Gauge.builder(meterName, counter, Busy::capacity).tags(tagSet).register(registry);
        return counter;
    }

    /** Time spent handling since the last reading, and the capacity that reading gave. */
    static final class Busy {
        private final LongAdder nanos = new LongAdder();
        private final LongSupplier nanoTime;
        private long readAt;
        private double last;

        Busy(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
            this.readAt = nanoTime.getAsLong();
        }

        void add(long handlingNanos) {
            nanos.add(Math.max(0, handlingNanos));
        }

        /** Threads busy on average since the last reading (a reading within a millisecond of it repeats it). */
        synchronized double capacity() {
            long now = nanoTime.getAsLong();
            long elapsed = now - readAt;
            if (elapsed < 1_000_000L) {
                return last;
            }
            last = nanos.sumThenReset() / (double) elapsed;
            readAt = now;
            return last;
        }
    }
}
