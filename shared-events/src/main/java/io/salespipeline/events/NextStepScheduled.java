package io.salespipeline.events;

import java.time.Instant;

/** The next step with the client was agreed. */
public record NextStepScheduled(LeadId leadId, String action, Instant dueAt, Instant occurredAt) implements LeadEvent {
}
