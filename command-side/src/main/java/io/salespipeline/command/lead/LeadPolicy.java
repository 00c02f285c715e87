package io.salespipeline.command.lead;

import java.time.Clock;
import java.time.Instant;

/** The rules and the clock the {@link Lead} aggregate decides with; injected into its handlers. */
public record LeadPolicy(LeadRules rules, Clock clock) {

    public Instant now() {
        return clock.instant();
    }
}
