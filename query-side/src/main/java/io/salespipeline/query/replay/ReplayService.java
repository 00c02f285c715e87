package io.salespipeline.query.replay;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds read models from the event log: resets the tokens of their processors, which clears their
 * tables ({@code @ResetHandler}) and streams the whole log through them again, while the service keeps
 * answering. Progress is the slowest segment's position against the head of the log.
 */
@Service
public class ReplayService {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private volatile Replay current;

    public ReplayService(EventProcessingConfiguration processing, JdbcTemplate jdbc, Clock clock) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Replay(List<String> projections, Instant startedAt, long head) {
    }

    public record Progress(String state, List<String> projections, Instant startedAt, long position, long head,
                           double percent, Double eventsPerSecond, Long etaSeconds) {
    }

    private record Sample(Instant at, long position) {
    }

    /** The projections (processing groups) this application runs. */
    public List<String> projections() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(p -> p.getName()).sorted().toList();
    }

    public synchronized Replay start(List<String> requested) {
        List<String> names = requested == null || requested.isEmpty() ? projections() : List.copyOf(requested);
        List<String> unknown = names.stream().filter(n -> !projections().contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownProjectionException(unknown, projections());
        }
        if (isRunning()) {
            throw new ReplayRunningException(current.projections());
        }
        for (String name : names) {
            StreamingEventProcessor processor = processor(name);
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        }
        synchronized (samples) {
            samples.clear();
        }
        current = new Replay(names, clock.instant(), head());
        return current;
    }

    public boolean isRunning() {
        Replay replay = current;
        return replay != null && replay.projections().stream().anyMatch(n -> replaying(n, replay.head()));
    }

    public Progress progress() {
        Replay replay = current;
        if (replay == null) {
            return new Progress("IDLE", List.of(), null, 0, head(), 0, null, null);
        }
        long head = Math.max(replay.head(), 0);
        boolean running = replay.projections().stream().anyMatch(n -> replaying(n, replay.head()));
        long position = running ? replay.projections().stream().mapToLong(this::position).min().orElse(0) : head;
        position = Math.min(Math.max(position, 0), head);
        Instant now = clock.instant();
        Double rate = null;
        synchronized (samples) {
            samples.addLast(new Sample(now, position));
            while (samples.size() > 2 && Duration.between(samples.peekFirst().at(), now).toSeconds() > 10) {
                samples.removeFirst();
            }
            Sample first = running ? samples.peekFirst() : new Sample(replay.startedAt(), 0);
            long millis = Duration.between(first.at(), now).toMillis();
            if (millis > 0 && position > first.position()) {
                rate = (position - first.position()) * 1000.0 / millis;
            }
        }
        double percent = head == 0 ? 100.0 : Math.round(position * 10000.0 / head) / 100.0;
        Long eta = !running ? Long.valueOf(0) : rate == null ? null : (long) Math.ceil((head - position) / rate);
        return new Progress(running ? "RUNNING" : "COMPLETED", replay.projections(), replay.startedAt(), position, head,
                percent, rate == null ? null : Math.round(rate * 10) / 10.0, eta);
    }

    /**
     * Replaying until every segment has caught up with the head of the log as it was when the replay
     * started. (Axon keeps a replay token until an event newer than that head arrives, so its own flag
     * stays up on a quiet log.) Right after a reset the segments may not be claimed yet: still replaying.
     */
    private boolean replaying(String name, long head) {
        if (head <= 0) {
            return false; // an empty log is rebuilt at once
        }
        Map<Integer, EventTrackerStatus> status = processor(name).processingStatus();
        return status.isEmpty() || status.values().stream().anyMatch(s -> s.isErrorState() || !s.isCaughtUp()
                || s.getCurrentPosition().orElse(-1) < head);
    }

    private long position(String name) {
        Map<Integer, EventTrackerStatus> status = new TreeMap<>(processor(name).processingStatus());
        return status.values().stream().map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.isPresent() ? p.getAsLong() : 0).min().orElse(0);
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new UnknownProjectionException(List.of(name), projections()));
    }

    private long head() {
        Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    public static class UnknownProjectionException extends RuntimeException {
        public UnknownProjectionException(List<String> unknown, List<String> known) {
            super("unknown projections " + unknown + "; known: " + known);
        }
    }

    public static class ReplayRunningException extends RuntimeException {
        public ReplayRunningException(List<String> running) {
            super("a replay of " + running + " is still running");
        }
    }
}
