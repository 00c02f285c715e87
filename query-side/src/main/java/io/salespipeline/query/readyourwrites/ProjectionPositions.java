package io.salespipeline.query.readyourwrites;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Whether projections have applied the event at a global position, and waiting until they have
 * (read-your-writes). A segment this instance processes answers from the processor's own status, which
 * advances after each batch commits; otherwise (another instance holds it) from the committed token.
 */
@Component
public class ProjectionPositions {

    private final EventProcessingConfiguration processing;
    private final CommittedTokens committed;

    public ProjectionPositions(EventProcessingConfiguration processing, CommittedTokens committed) {
        this.processing = processing;
        this.committed = committed;
    }

    /** The projections (streaming processors) this application runs. */
    public List<String> projections() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(p -> p.getName()).sorted().toList();
    }

    /**
     * Waits until every one of {@code projections} has applied {@code position}; false when {@code maxWait}
     * passed first.
     */
    public boolean await(Collection<String> projections, long position, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long pause = 1;
        while (true) {
            boolean local = true;
            boolean applied = true;
            for (String projection : projections) {
                Boolean inMemory = appliedHere(projection, position);
                if (inMemory == null) {
                    local = false;
                    if (!appliedCommitted(projection, position)) {
                        applied = false;
                        break;
                    }
                } else if (!inMemory) {
                    applied = false;
                    break;
                }
            }
            if (applied) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // a batch takes milliseconds; the committed tokens are read less often than the local status
            Thread.sleep(Math.min(left / 1_000_000 + 1, local ? pause : Math.max(pause, 20)));
            pause = Math.min(pause * 2, 25);
        }
    }

    /** From this instance's processor, if it processes every segment of the projection; else null. */
    private Boolean appliedHere(String projection, long position) {
        StreamingEventProcessor processor = processing.eventProcessor(projection, StreamingEventProcessor.class).orElse(null);
        if (processor == null || !processor.isRunning()) {
            return null;
        }
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty() || status.values().stream().anyMatch(s -> s.getSegment().getMask() != status.size() - 1)) {
            return null; // another instance holds some segment
        }
        return status.values().stream().allMatch(s -> covers(s.getTrackingToken(), position));
    }

    private boolean appliedCommitted(String projection, long position) {
        List<TrackingToken> tokens = committed.of(projection);
        return !tokens.isEmpty() && tokens.stream().allMatch(t -> covers(t, position));
    }

    /** The token has seen the event at {@code position}: at or past it, and it is not one of its gaps. */
    static boolean covers(TrackingToken token, long position) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (current == null) {
            return false;
        }
        if (current instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return current.position().orElse(-1) >= position;
    }
}
