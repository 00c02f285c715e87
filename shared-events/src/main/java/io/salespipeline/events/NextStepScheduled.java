package io.salespipeline.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The next step with the client was agreed. */
public record NextStepScheduled(LeadId leadId, String action, Instant dueAt, Instant occurredAt) implements LeadEvent {
}
