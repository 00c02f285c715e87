package io.salespipeline.events;

import java.time.Instant;

/** Work on the offer started, with the time we promised to deliver it by. */
public record OfferPreparationStarted(LeadId leadId, Instant promisedBy, Instant occurredAt) implements LeadEvent {
}
