package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Judges the lead worth an offer. */
public record QualifyLead(LeadId leadId, Money estimatedValue, String proposedService, Instant offerPromisedBy,
                          Instant occurredAt) implements LeadCommand {
}
