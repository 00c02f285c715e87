package io.salespipeline.query.readyourwrites;

import java.time.Duration;
import java.util.List;

/** The read models did not reach a {@code minPosition} in time (HTTP 503 with {@code Retry-After}). */
public class ReadModelsBehindException extends RuntimeException {

    private final long position;
    private final List<String> projections;

    public ReadModelsBehindException(long position, List<String> projections, Duration waited) {
        super("the read models " + projections + " have not applied position " + position + " within "
                + waited.toMillis() + " ms; try again shortly");
        this.position = position;
        this.projections = List.copyOf(projections);
    }

    public long position() {
        return position;
    }

    public List<String> projections() {
        return projections;
    }
}
