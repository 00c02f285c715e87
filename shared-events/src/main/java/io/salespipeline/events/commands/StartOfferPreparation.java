package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Starts preparing the offer; {@code promisedBy} null means the configured default (24 h). */
public record StartOfferPreparation(LeadId leadId, Instant promisedBy, Instant occurredAt) implements LeadCommand {
}
