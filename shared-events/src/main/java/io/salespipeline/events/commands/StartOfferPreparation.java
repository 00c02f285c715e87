package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Starts preparing the offer; {@code promisedBy} null means the configured default (24 h). */
public record StartOfferPreparation(LeadId leadId, Instant promisedBy, Instant occurredAt) implements LeadCommand {
}
