package io.salespipeline.events;

import java.time.Instant;

/** The lead's contact and company details as they are after a change. */
public record ContactDetailsUpdated(LeadId leadId, Contact contact, Company company, Instant occurredAt) implements LeadEvent {
}
