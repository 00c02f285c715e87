package io.salespipeline.query.monitoring;

import io.salespipeline.query.replay.ReplayService;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health contributor {@code projections}, part of readiness on the query side and standalone: DOWN while a
 * projection is stuck ({@link StuckProjections}), so a load balancer stops sending reads to an instance
 * whose views no longer follow the log. Each projection's state, position and lag are in the details. A
 * projection far behind that catches up by a rebuild ({@link ReplayService#catchUpIfBehind}) is watched by the
 * rebuild's progress: its own position does not move until the switch-over.
 */
@Component
class ProjectionsHealthIndicator implements HealthIndicator {

    private final ProjectionLag lag;
    private final StuckProjections stuck;
    private final Clock clock;
    private final ReplayService replays;

    ProjectionsHealthIndicator(ProjectionLag lag, HealthProperties settings, Clock clock, ReplayService replays) {
        this.lag = lag;
        this.replays = replays;
        this.stuck = new StuckProjections(settings.projectionStuckAfter());
        this.clock = clock;
    }

    @Override
    public Health health() {
        ProjectionLag.Snapshot snapshot;
        try {
            snapshot = lag.snapshot();
        } catch (RuntimeException databaseAway) {
            // a health indicator that throws fails the whole endpoint; DOWN is what readiness should say
            return Health.down().withDetail("error", "the event log and the projections' positions cannot be read").build();
        }
        Instant now = clock.instant();
        boolean anyStuck = false;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("head", snapshot.head());
        for (ProjectionLag.Lag projection : snapshot.projections()) {
            StuckProjections.Verdict verdict = stuck.observe(projection, replays.catchingUp(projection.projection(), snapshot.head()), now);
            anyStuck |= verdict.stuck();
            details.put(projection.projection(), Map.of("state", verdict.state(), "position", verdict.position(),
                    "lagEvents", verdict.lagEvents(), "lagMillis", verdict.lagMillis(), "since", verdict.since()));
        }
        return (anyStuck ? Health.down() : Health.up()).withDetails(details).build();
    }
}
