package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Changes contact or company details; null components stay as they are. */
public record UpdateContactDetails(LeadId leadId, Contact contact, Company company, Instant occurredAt) implements LeadCommand {
}
