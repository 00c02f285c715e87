package io.salespipeline.query.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.salespipeline.query.replay.ReplayService;
import org.axonframework.config.EventProcessingConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.function.ToDoubleFunction;

/**
 * The query side's gauges, read at each scrape ({@code docs/operations.md} has the table):
 * <ul>
 * <li>{@code pipeline_events_head}: the highest global index of the log;</li>
 * <li>per projection ({@code projection} tag): {@code pipeline_projection_position},
 * {@code pipeline_projection_lag_events}, {@code pipeline_projection_lag_milliseconds} ({@link ProjectionLag}
 * defines them), {@code pipeline_projection_dead_letters} (events parked in its dead-letter queue) and
 * {@code pipeline_projection_dead_letter_leads} (leads waiting there);</li>
 * <li>the replay ({@code GET /api/admin/replays/current}): {@code pipeline_replay_running} (1 or 0),
 * {@code pipeline_replay_percent}, {@code pipeline_replay_position} and {@code pipeline_replay_head}.</li>
 * </ul>
 * A gauge whose value cannot be read (the database is away) shows NaN instead of failing the scrape.
 */
@Component
class ProjectionMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(ProjectionMetrics.class);

    private final ProjectionLag lag;
    private final EventProcessingConfiguration processing;
    private final ReplayService replays;

    ProjectionMetrics(ProjectionLag lag, EventProcessingConfiguration processing, ReplayService replays) {
        this.lag = lag;
        this.processing = processing;
        this.replays = replays;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "pipeline.events.head", null, "Highest global index of the event log",
                m -> m.lag.snapshot().head());
        for (String projection : lag.projections()) {
            gauge(registry, "pipeline.projection.position", projection,
                    "Lowest global index the projection's segments have committed",
                    m -> m.lag.snapshot().of(projection).position());
            gauge(registry, "pipeline.projection.lag.events", projection,
                    "Events recorded that the projection has not applied (head minus position)",
                    m -> m.lag.snapshot().of(projection).events());
            gauge(registry, "pipeline.projection.lag.milliseconds", projection,
                    "Age of the oldest event the projection has not applied (0 when caught up)",
                    m -> m.lag.snapshot().of(projection).millis());
            processing.deadLetterQueue(projection).ifPresent(queue -> {
                gauge(registry, "pipeline.projection.dead.letters", projection,
                        "Events parked in the projection's dead-letter queue", m -> queue.size());
                gauge(registry, "pipeline.projection.dead.letter.leads", projection,
                        "Leads (sequences) waiting in the projection's dead-letter queue", m -> queue.amountOfSequences());
            });
        }
        gauge(registry, "pipeline.replay.running", null, "1 while a replay of read models runs",
                m -> m.replays.isRebuilding() ? 1 : 0);
        gauge(registry, "pipeline.replay.percent", null, "Progress of the current or last replay",
                m -> m.replays.progress().percent());
        gauge(registry, "pipeline.replay.position", null, "Position the current or last replay has reached",
                m -> m.replays.progress().position());
        gauge(registry, "pipeline.replay.head", null, "Head of the log the current or last replay rebuilds to",
                m -> m.replays.progress().head());
        gauge(registry, "pipeline.replay.lag.events", null,
                "Events the running replay has still to read up to the head it rebuilds to (0 when none runs)",
                m -> m.replays.progress().head() - m.replays.progress().position());
    }

    private void gauge(MeterRegistry registry, String name, String projection, String description,
                       ToDoubleFunction<ProjectionMetrics> value) {
        Gauge.Builder<ProjectionMetrics> builder = Gauge.builder(name, this, safe(value)).description(description);
        if (projection != null) {
            builder.tag("projection", projection);
        }
        builder.register(registry);
    }

    private static ToDoubleFunction<ProjectionMetrics> safe(ToDoubleFunction<ProjectionMetrics> value) {
        return m -> {
            try {
                return value.applyAsDouble(m);
            } catch (RuntimeException e) {
                log.debug("gauge not readable", e);
                return Double.NaN;
            }
        };
    }
}
