package io.salespipeline.events;

import java.time.Instant;

/** Another sales rep owns the lead now. */
public record LeadReassigned(LeadId leadId, String previousOwner, String owner, Instant occurredAt) implements LeadEvent {
}
