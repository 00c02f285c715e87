package io.salespipeline.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The cached monitors register the meters Axon's monitors register, and count what they count. */
class CachedMeterMonitorsTest {

    private static final Function<Message<?>, Iterable<Tag>> TAGS =
            message -> Tags.of("payloadType", message.getPayloadType().getSimpleName());

    @Test
    void sameMetersAndCountsAsAxons() {
        MeterRegistry axons = new SimpleMeterRegistry();
        MeterRegistry cached = new SimpleMeterRegistry();
        feed(new MultiMessageMonitor<>(List.of(MessageTimerMonitor.buildMonitor("bus", axons, TAGS),
                MessageCountingMonitor.buildMonitor("bus", axons, TAGS))));
        feed(new MultiMessageMonitor<>(List.of(CachedMeterMonitors.timers("bus", cached, TAGS),
                CachedMeterMonitors.counters("bus", cached, TAGS))));

        assertThat(describe(cached)).isEqualTo(describe(axons)).hasSize(66); // per payload type: 4 timers, each with 6 percentile gauges, and 5 counters
        assertThat(cached.get("bus.ingestedCounter").tag("payloadType", "String").counter().count()).isEqualTo(6);
        assertThat(cached.get("bus.failureCounter").tag("payloadType", "Integer").counter().count()).isEqualTo(1);
    }

    /** Six strings (three handled, two failed, one ignored) and three integers (one of each). */
    private static void feed(MessageMonitor<Message<?>> monitor) {
        for (int i = 0; i < 6; i++) {
            MessageMonitor.MonitorCallback callback = monitor.onMessageIngested(new GenericMessage<>("s" + i));
            if (i < 3) {
                callback.reportSuccess();
            } else if (i < 5) {
                callback.reportFailure(new IllegalStateException());
            } else {
                callback.reportIgnored();
            }
        }
        monitor.onMessageIngested(new GenericMessage<>(1)).reportSuccess();
        monitor.onMessageIngested(new GenericMessage<>(2)).reportFailure(new IllegalStateException());
        monitor.onMessageIngested(new GenericMessage<>(3)).reportIgnored();
    }

    /** Every meter: its name, tags and type, and its count (a timer's also how many percentiles it publishes). */
    private static Map<String, String> describe(MeterRegistry registry) {
        Map<String, String> meters = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String value = meter instanceof Counter counter ? "counter " + counter.count()
                    : meter instanceof Timer timer ? "timer " + timer.count() + " percentiles " + timer.takeSnapshot().percentileValues().length
                    : meter.getId().getType().toString();
            meters.put(meter.getId().getName() + meter.getId().getTags(), value);
        }
        return meters;
    }
}
