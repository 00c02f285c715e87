package io.salespipeline.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The client said yes. */
public record LeadWon(LeadId leadId, Money finalValue, String notes, Stage fromStage, Instant occurredAt) implements LeadEvent {
}
