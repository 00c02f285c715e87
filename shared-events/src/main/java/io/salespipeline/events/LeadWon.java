package io.salespipeline.events;

import java.time.Instant;

/** The client said yes. */
public record LeadWon(LeadId leadId, Money finalValue, String notes, Stage fromStage, Instant occurredAt) implements LeadEvent {
}
