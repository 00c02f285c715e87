package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Sends the offer; {@code followUpDueAt} null means the configured window (48 h), later needs a reason. */
public record SendOffer(LeadId leadId, Money value, String description, Instant followUpDueAt,
                        String followUpDelayReason, Instant occurredAt) implements LeadCommand {
}
