package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Brings a lost, disqualified or parked lead back to an open stage (null: the stage it left). */
public record ReopenLead(LeadId leadId, String reason, Stage stage, Instant occurredAt) implements LeadCommand {
}
