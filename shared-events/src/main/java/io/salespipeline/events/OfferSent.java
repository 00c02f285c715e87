package io.salespipeline.events;

import java.time.Instant;

/** The offer went out; the client is to be followed up by {@code followUpDueAt}. */
public record OfferSent(LeadId leadId, Money value, String description, Instant followUpDueAt,
                        String followUpDelayReason, Instant occurredAt) implements LeadEvent {
}
