package io.salespipeline.query.monitoring;

import io.salespipeline.query.readyourwrites.CommittedTokens;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How far each projection is behind the event log, from what its segments have committed
 * ({@code token_entry}), i.e. what its tables hold, whichever instance processes it:
 * <ul>
 * <li><b>position</b>: the lowest committed global index over the projection's segments (0 before every
 * segment has a token);</li>
 * <li><b>lag in events</b>: the head of the log (its highest global index) minus that position;</li>
 * <li><b>lag in milliseconds</b>: the age of the oldest event the projection has not applied, i.e. now minus
 * the recording time of the first event after its position; 0 when it has applied everything. It says how
 * stale the projection's tables may be: a change recorded that long ago is not in them yet.</li>
 * </ul>
 * Computed at most once per {@link #MAX_AGE} (a Prometheus scrape reading several gauges costs one round
 * of queries).
 */
@Component
public class ProjectionLag {

    static final Duration MAX_AGE = Duration.ofMillis(200);

    private final EventProcessingConfiguration processing;
    private final CommittedTokens committedTokens;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile Snapshot last;

    public ProjectionLag(EventProcessingConfiguration processing, CommittedTokens committedTokens, JdbcTemplate jdbc,
                         Clock clock) {
        this.processing = processing;
        this.committedTokens = committedTokens;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One projection's lag. {@code running}: this instance runs the projection's processor; {@code inError}:
     * one of the segments this instance processes is in error mode (retrying after a failure).
     */
    public record Lag(String projection, long position, long head, long events, long millis, boolean running,
                      boolean inError) {
    }

    public record Snapshot(Instant at, long head, List<Lag> projections) {

        public Lag of(String projection) {
            return projections.stream().filter(l -> l.projection().equals(projection)).findFirst().orElse(null);
        }
    }

    /** The projections (streaming processors) this application runs, by name. */
    public List<String> projections() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(p -> p.getName()).sorted().toList();
    }

    /** The lag of every projection now (or at most {@link #MAX_AGE} ago). */
    public Snapshot snapshot() {
        Snapshot cached = last;
        Instant now = clock.instant();
        if (cached != null && !cached.at().plus(MAX_AGE).isBefore(now) && !now.isBefore(cached.at())) {
            return cached;
        }
        Snapshot fresh = measure(now);
        last = fresh;
        return fresh;
    }

    private Snapshot measure(Instant now) {
        Long max = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        long head = max == null ? 0 : max;
        List<Lag> lags = new ArrayList<>();
        for (String name : projections()) {
            long position = Math.min(position(name), head);
            long millis = 0;
            if (position < head) {
                List<String> recorded = jdbc.queryForList(
                        "select time_stamp from domain_event_entry where global_index > ? order by global_index limit 1",
                        String.class, position);
                millis = recorded.isEmpty() ? 0 : Math.max(0, Duration.between(Instant.parse(recorded.get(0)), now).toMillis());
            }
            StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class).orElse(null);
            boolean running = processor != null && processor.isRunning();
            boolean inError = processor != null && processor.processingStatus().values().stream()
                    .anyMatch(EventTrackerStatus::isErrorState);
            lags.add(new Lag(name, position, head, head - position, millis, running, inError));
        }
        return new Snapshot(now, head, List.copyOf(lags));
    }

    /** The lowest committed position over the projection's segments; 0 while a segment has none. */
    private long position(String projection) {
        List<TrackingToken> tokens = committedTokens.of(projection);
        if (tokens.isEmpty()) {
            return 0;
        }
        long lowest = Long.MAX_VALUE;
        for (TrackingToken token : tokens) {
            // a replay's token answers the position it has replayed to
            long position = token == null ? 0 : Math.max(0, token.position().orElse(0));
            lowest = Math.min(lowest, position);
        }
        return lowest;
    }

    /** For tests and the health indicator: forget the cached snapshot. */
    void invalidate() {
        last = null;
    }
}
