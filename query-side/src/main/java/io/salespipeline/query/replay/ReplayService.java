package io.salespipeline.query.replay;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import io.salespipeline.query.readyourwrites.CommittedTokens;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Rebuilds read models from the event log: resets the tokens of their processors, which clears their
 * tables ({@code @ResetHandler}) and streams the whole log through them again, while the service keeps
 * answering. Progress is the slowest segment's committed position against the head of the log when the
 * replay started.
 */
@Service
public class ReplayService {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final CommittedTokens committedTokens;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private volatile Replay current;

    public ReplayService(EventProcessingConfiguration processing, JdbcTemplate jdbc, CommittedTokens committedTokens,
                         Clock clock) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.committedTokens = committedTokens;
        this.clock = clock;
    }

    public record Replay(List<String> projections, Instant startedAt, long head, Instant completedAt) {

        Replay completed(Instant at) {
            return new Replay(projections, startedAt, head, at);
        }
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
        current = new Replay(names, clock.instant(), head(), null);
        return current;
    }

    public boolean isRunning() {
        Replay replay = current;
        if (replay == null || replay.completedAt() != null) {
            return false;
        }
        boolean running = replay.projections().stream().anyMatch(n -> replaying(n, replay.head()));
        if (!running) {
            completed(replay);
        }
        return running;
    }

    private synchronized void completed(Replay replay) {
        if (current == replay) {
            current = replay.completed(clock.instant());
        }
    }

    public Progress progress() {
        Replay replay = current;
        if (replay == null) {
            return new Progress("IDLE", List.of(), null, 0, head(), 0, null, null);
        }
        long head = Math.max(replay.head(), 0);
        boolean running = isRunning();
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
            if (!running && current.completedAt() != null) {
                now = current.completedAt();
            }
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
     * Replaying until every segment has committed the head of the log as it was when the replay started.
     * Read from the committed tokens, not from the processor's in-memory status, which runs ahead of what
     * is written (and Axon keeps its replay flag up until an event newer than that head arrives).
     */
    private boolean replaying(String name, long head) {
        return head > 0 && position(name) < head;
    }

    /** The lowest committed position over the projection's segments; -1 before every segment has one. */
    private long position(String name) {
        List<TrackingToken> tokens = committedTokens.of(name);
        return tokens.stream().mapToLong(t -> t == null ? -1 : t.position().orElse(-1)).min().orElse(-1);
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
