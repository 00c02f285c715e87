package io.salespipeline.events;

import java.time.Instant;

/** A closed or parked lead went back to an open stage: a backwards move. */
public record LeadReopened(LeadId leadId, String reason, Stage fromStage, Stage toStage, Instant occurredAt) implements LeadEvent {
}
