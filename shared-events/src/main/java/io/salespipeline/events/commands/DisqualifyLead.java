package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Judges the lead not worth an offer. */
public record DisqualifyLead(LeadId leadId, DisqualificationReason reason, String details, Instant occurredAt) implements LeadCommand {
}
