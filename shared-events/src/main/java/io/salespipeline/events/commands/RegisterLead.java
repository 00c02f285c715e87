package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Registers a new lead; {@code owner} is the responsible sales rep. */
public record RegisterLead(LeadId leadId, Company company, Contact contact, LeadSource source, boolean priorContact,
                           String owner, String notes, Instant occurredAt) implements LeadCommand {
}
