package io.salespipeline.events;

import java.time.Instant;

/** The offer was changed during negotiation (stage unchanged). */
public record OfferRevised(LeadId leadId, Money value, String description, Instant occurredAt) implements LeadEvent {
}
