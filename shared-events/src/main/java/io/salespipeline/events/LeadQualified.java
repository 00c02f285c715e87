package io.salespipeline.events;

import java.time.Instant;

/** The lead is worth an offer: estimated value and proposed service (stage unchanged). */
public record LeadQualified(LeadId leadId, Money estimatedValue, String proposedService, Instant offerPromisedBy,
                            Instant occurredAt) implements LeadEvent {
}
