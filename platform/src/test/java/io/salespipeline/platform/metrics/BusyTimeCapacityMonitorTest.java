package io.salespipeline.platform.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.monitoring.MessageMonitor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BusyTimeCapacityMonitorTest {

    @Test
    void capacityIsTheBusyTimeSinceTheLastReading_perTagSet() {
        AtomicLong now = new AtomicLong(0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BusyTimeCapacityMonitor monitor = new BusyTimeCapacityMonitor("eventProcessor.capacity", registry,
                m -> List.of(Tag.of("processorName", "stage-visits")), now::get);
        // two handlers busy in parallel for 500 ms each, one failure of 250 ms, in a second
        MessageMonitor.MonitorCallback a = monitor.onMessageIngested(GenericEventMessage.asEventMessage("a"));
        MessageMonitor.MonitorCallback b = monitor.onMessageIngested(GenericEventMessage.asEventMessage("b"));
        now.addAndGet(500_000_000L);
        a.reportSuccess();
        b.reportIgnored();
        MessageMonitor.MonitorCallback c = monitor.onMessageIngested(GenericEventMessage.asEventMessage("c"));
        now.addAndGet(250_000_000L);
        c.reportFailure(new IllegalStateException("boom"));
        now.addAndGet(250_000_000L);
        double capacity = registry.get("eventProcessor.capacity").tag("processorName", "stage-visits").gauge().value();
        assertThat(capacity).isCloseTo(1.25, within(1e-9));
        // the next reading counts only what came after this one
        now.addAndGet(1_000_000_000L);
        assertThat(registry.get("eventProcessor.capacity").gauge().value()).isZero();
    }

    @Test
    void oneGaugePerTagSet_howeverManyMessages() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BusyTimeCapacityMonitor monitor = new BusyTimeCapacityMonitor("commandBus.capacity", registry,
                m -> List.of(Tag.of("payloadType", m.getPayloadType().getSimpleName())));
        GenericEventMessage<String> message = new GenericEventMessage<>("x");
        for (int i = 0; i < 2_000_000; i++) {
            monitor.onMessageIngested(message).reportSuccess();
        }
        assertThat(registry.getMeters()).hasSize(1);
        assertThat(registry.get("commandBus.capacity").gauge().value()).isBetween(0.0, 1.5);
    }
}
