package io.salespipeline.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Another sales rep owns the lead now. */
public record LeadReassigned(LeadId leadId, String previousOwner, String owner, Instant occurredAt) implements LeadEvent {
}
