package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** The client said yes; {@code finalValue} null means the latest offer value. */
public record MarkWon(LeadId leadId, Money finalValue, String notes, Instant occurredAt) implements LeadCommand {
}
