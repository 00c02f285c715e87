package io.salespipeline.events;

import java.time.Instant;

/** A new lead entered the pipeline at {@link Stage#INQUIRY_RECEIVED}. */
public record LeadRegistered(LeadId leadId, Company company, Contact contact, LeadSource source, boolean priorContact,
                             String owner, String notes, Instant occurredAt) implements LeadEvent {
}
