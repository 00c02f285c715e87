package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Changes the offer during negotiation; a null description keeps the previous one. */
public record ReviseOffer(LeadId leadId, Money value, String description, Instant occurredAt) implements LeadCommand {
}
