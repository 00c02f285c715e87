package io.salespipeline.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The offer was changed during negotiation (stage unchanged). */
public record OfferRevised(LeadId leadId, Money value, String description, Instant occurredAt) implements LeadEvent {
}
