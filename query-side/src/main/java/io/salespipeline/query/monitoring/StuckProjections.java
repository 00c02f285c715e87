package io.salespipeline.query.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a projection is stuck, from successive observations of its lag. A projection is stuck when, for
 * longer than {@code stuckAfter}, either
 * <ul>
 * <li>a segment of it has stayed in error mode (its processor retries a failing batch with back-off), or</li>
 * <li>events have waited for it while its committed position did not move (its processor stopped, or is
 * blocked); the time runs from the last observation at which it was caught up or had moved.</li>
 * </ul>
 * A projection that is behind but moving (a replay, a burst) is not stuck, however far behind it is; nor is one
 * whose processor waits while a rebuild catches it up, as long as the rebuild moves.
 */
final class StuckProjections {

    enum State {
        /** Has applied every event of the log. */
        UP_TO_DATE,
        /** Events wait and its position moved within {@code stuckAfter}. */
        CATCHING_UP,
        /** Far behind the log, it catches up by a rebuild (its processor waits), which moved within {@code stuckAfter}. */
        REBUILDING,
        /** A segment is in error mode, for less than {@code stuckAfter} so far. */
        RETRYING,
        /** Events wait and its position has not moved for longer than {@code stuckAfter}. */
        STALLED,
        /** A segment has been in error mode for longer than {@code stuckAfter}. */
        FAILING
    }

    record Verdict(String projection, State state, long position, long lagEvents, long lagMillis, Instant since) {

        boolean stuck() {
            return state == State.STALLED || state == State.FAILING;
        }
    }

    /**
     * What was last seen of a projection: its position (or its catch-up's) and since when, and since when it is in
     * error mode.
     */
    private record Watch(long position, Instant positionSince, Instant errorSince) {
    }

    private final Duration stuckAfter;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    StuckProjections(Duration stuckAfter) {
        this.stuckAfter = stuckAfter;
    }

    Verdict observe(ProjectionLag.Lag lag, Instant now) {
        return observe(lag, OptionalLong.empty(), now);
    }

    /** @param rebuiltTo where the rebuild catching the projection up has read to, while one does */
    Verdict observe(ProjectionLag.Lag lag, OptionalLong rebuiltTo, Instant now) {
        long progress = rebuiltTo.orElse(lag.position());
        Watch seen = watches.compute(lag.projection(), (name, before) -> {
            boolean moved = before == null || before.position() != progress || lag.events() == 0;
            Instant positionSince = moved ? now : before.positionSince();
            Instant errorSince = !lag.inError() ? null : before != null && before.errorSince() != null ? before.errorSince() : now;
            return new Watch(progress, positionSince, errorSince);
        });
        State state;
        Instant since;
        if (seen.errorSince() != null) {
            since = seen.errorSince();
            state = longerThanLimit(since, now) ? State.FAILING : State.RETRYING;
        } else if (lag.events() == 0) {
            since = seen.positionSince();
            state = State.UP_TO_DATE;
        } else {
            since = seen.positionSince();
            state = longerThanLimit(since, now) ? State.STALLED : rebuiltTo.isPresent() ? State.REBUILDING : State.CATCHING_UP;
        }
        return new Verdict(lag.projection(), state, lag.position(), lag.events(), lag.millis(), since);
    }

    private boolean longerThanLimit(Instant since, Instant now) {
        return Duration.between(since, now).compareTo(stuckAfter) > 0;
    }
}
