package io.salespipeline.events;

import java.time.Instant;

/** The offer was not sent by the time we promised (a live alert; SLA numbers use business times). */
public record OfferDeadlineMissed(LeadId leadId, Instant promisedBy, Instant occurredAt) implements LeadEvent {
}
