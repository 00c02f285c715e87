package io.salespipeline.platform.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Axon's {@code MessageTimerMonitor} and {@code MessageCountingMonitor}: the same meters (names, tags, percentiles)
 * counting the same things, each meter looked up once per set of tags instead of built and registered again for
 * every message. Axon's monitors ask the registry for four timers and five counters at every message, each a
 * lookup that compares tags: during an import they took a fifth of the service's CPU (JFR,
 * docs/benchmarks/scale-2026-11-28-morning.md), more than the projection of the lead views.
 */
public final class CachedMeterMonitors {

    private CachedMeterMonitors() {
    }

    /** Axon's {@code MessageTimerMonitor.buildMonitor(prefix, registry, tags)}: {@code <prefix>.allTimer}, {@code .successTimer}, … */
    public static MessageMonitor<Message<?>> timers(String prefix, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tags) {
        return new Timers(prefix, registry, tags);
    }

    /** Axon's {@code MessageCountingMonitor.buildMonitor(prefix, registry, tags)}: {@code <prefix>.ingestedCounter}, … */
    public static MessageMonitor<Message<?>> counters(String prefix, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tags) {
        return new Counters(prefix, registry, tags);
    }

    private static final class Timers implements MessageMonitor<Message<?>> {

        private record Set(Timer all, Timer success, Timer failure, Timer ignored) {
        }

        private final String prefix;
        private final MeterRegistry registry;
        private final Function<Message<?>, Iterable<Tag>> tags;
        private final Clock clock;
        private final ConcurrentMap<Tags, Set> byTags = new ConcurrentHashMap<>();

        Timers(String prefix, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tags) {
            this.prefix = prefix;
            this.registry = registry;
            this.tags = tags;
            this.clock = Clock.SYSTEM;
        }

        @Override
        public MonitorCallback onMessageIngested(Message<?> message) {
            Set timers = byTags.computeIfAbsent(Tags.of(tags.apply(message)), this::register);
            long started = clock.monotonicTime();
            return new MonitorCallback() {
                @Override
                public void reportSuccess() {
                    record(timers.all(), timers.success());
                }

                @Override
                public void reportFailure(Throwable cause) {
                    record(timers.all(), timers.failure());
                }

                @Override
                public void reportIgnored() {
                    record(timers.all(), timers.ignored());
                }

                private void record(Timer all, Timer outcome) {
                    long nanos = clock.monotonicTime() - started;
                    all.record(nanos, TimeUnit.NANOSECONDS);
                    outcome.record(nanos, TimeUnit.NANOSECONDS);
                }
            };
        }

        private Set register(Tags tagSet) {
            return new Set(timer("allTimer", tagSet), timer("successTimer", tagSet), timer("failureTimer", tagSet),
                    timer("ignoredTimer", tagSet));
        }

        /** As Axon builds them: percentiles over a ten-minute window. */
        private Timer timer(String name, Tags tagSet) {
            return Timer.builder(prefix + "." + name)
                    .distributionStatisticExpiry(Duration.ofMinutes(10))
                    .publishPercentiles(0.5, 0.75, 0.95, 0.98, 0.99, 0.999)
                    .tags(tagSet)
                    .register(registry);
        }
    }

    private static final class Counters implements MessageMonitor<Message<?>> {

        private record Set(Counter ingested, Counter success, Counter failure, Counter processed, Counter ignored) {
        }

        private final String prefix;
        private final MeterRegistry registry;
        private final Function<Message<?>, Iterable<Tag>> tags;
        private final ConcurrentMap<Tags, Set> byTags = new ConcurrentHashMap<>();

        Counters(String prefix, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tags) {
            this.prefix = prefix;
            this.registry = registry;
            this.tags = tags;
        }

        @Override
        public MonitorCallback onMessageIngested(Message<?> message) {
            Set counters = byTags.computeIfAbsent(Tags.of(tags.apply(message)), this::register);
            counters.ingested().increment();
            return new MonitorCallback() {
                @Override
                public void reportSuccess() {
                    counters.processed().increment();
                    counters.success().increment();
                }

                @Override
                public void reportFailure(Throwable cause) {
                    counters.processed().increment();
                    counters.failure().increment();
                }

                @Override
                public void reportIgnored() {
                    counters.ignored().increment();
                }
            };
        }

        private Set register(Tags tagSet) {
            return new Set(registry.counter(prefix + ".ingestedCounter", tagSet), registry.counter(prefix + ".successCounter", tagSet),
                    registry.counter(prefix + ".failureCounter", tagSet), registry.counter(prefix + ".processedCounter", tagSet),
                    registry.counter(prefix + ".ignoredCounter", tagSet));
        }
    }
}
