package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Judges the lead not worth an offer. */
public record DisqualifyLead(LeadId leadId, DisqualificationReason reason, String details, Instant occurredAt) implements LeadCommand {
}
