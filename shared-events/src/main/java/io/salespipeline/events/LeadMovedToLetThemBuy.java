package io.salespipeline.events;

import java.time.Instant;

/** After enough undecided contacts the rep stops chasing and lets the client come back. */
public record LeadMovedToLetThemBuy(LeadId leadId, int undecidedContacts, Instant occurredAt) implements LeadEvent {
}
