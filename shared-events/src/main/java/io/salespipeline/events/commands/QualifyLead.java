package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Judges the lead worth an offer. */
public record QualifyLead(LeadId leadId, Money estimatedValue, String proposedService, Instant offerPromisedBy,
                          Instant occurredAt) implements LeadCommand {
}
