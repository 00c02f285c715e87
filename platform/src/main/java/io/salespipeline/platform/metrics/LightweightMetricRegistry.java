package io.salespipeline.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;

import java.util.List;
import java.util.function.Function;

/**
 * Axon's metrics for event processors and the command bus, the same meters under the same names and tags
 * (timer, latency, capacity, counters), with {@link BusyTimeCapacityMonitor} for the capacity: Axon's
 * ten-minute window of every message does not fit a bulk import or a replay; and timers and counters whose
 * meters are looked up once per set of tags ({@link CachedMeterMonitors}), not registered at every message.
 */
public class LightweightMetricRegistry extends GlobalMetricRegistry {

    public LightweightMetricRegistry(MeterRegistry registry) {
        super(registry);
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventProcessor(String name, Function<Message<?>, Iterable<Tag>> messageTags,
                                                                         Function<Message<?>, Iterable<Tag>> latencyTags) {
        return new MultiMessageMonitor<>(List.of(
                CachedMeterMonitors.timers(name, getRegistry(), messageTags),
                EventProcessorLatencyMonitor.builder().meterNamePrefix(name).meterRegistry(getRegistry()).tagsBuilder(latencyTags).build(),
                new BusyTimeCapacityMonitor(name + ".capacity", getRegistry(), messageTags),
                CachedMeterMonitors.counters(name, getRegistry(), messageTags)));
    }

    @Override
    public MessageMonitor<? super CommandMessage<?>> registerCommandBus(String name, Function<Message<?>, Iterable<Tag>> tags) {
        return new MultiMessageMonitor<>(List.of(
                CachedMeterMonitors.timers(name, getRegistry(), tags),
                new BusyTimeCapacityMonitor(name + ".capacity", getRegistry(), tags),
                CachedMeterMonitors.counters(name, getRegistry(), tags)));
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventBus(String name, Function<Message<?>, Iterable<Tag>> tags) {
        return new MultiMessageMonitor<>(List.of(
                CachedMeterMonitors.counters(name, getRegistry(), message -> Tags.empty()),
                CachedMeterMonitors.timers(name, getRegistry(), tags)));
    }
}
