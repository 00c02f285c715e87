package io.salespipeline.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The offer was not sent by the time we promised (a live alert; SLA numbers use business times). */
public record OfferDeadlineMissed(LeadId leadId, Instant promisedBy, Instant occurredAt) implements LeadEvent {
}
