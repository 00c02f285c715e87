package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/**
 * Registers a new lead; {@code owner} is the responsible sales rep; {@code pipeline} the key of the pipeline
 * it follows (null: the pipeline serving its source).
 */
public record RegisterLead(LeadId leadId, Company company, Contact contact, LeadSource source, boolean priorContact,
                           String owner, String notes, String pipeline, Instant occurredAt) implements LeadCommand {
}
