package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Hands the lead to another sales rep. */
public record ReassignLead(LeadId leadId, String owner, Instant occurredAt) implements LeadCommand {
}
