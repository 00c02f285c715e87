package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Changes contact or company details; null components stay as they are. */
public record UpdateContactDetails(LeadId leadId, Contact contact, Company company, Instant occurredAt) implements LeadCommand {
}
