package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** The client said no; the reason is mandatory, details too for {@code OTHER}. */
public record MarkLost(LeadId leadId, LostReason reason, String details, String competitor, Instant occurredAt) implements LeadCommand {
}
