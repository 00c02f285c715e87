package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The client said no; the reason is mandatory, details too for {@code OTHER}. */
public record MarkLost(LeadId leadId, LostReason reason, String details, String competitor, Instant occurredAt) implements LeadCommand {
}
