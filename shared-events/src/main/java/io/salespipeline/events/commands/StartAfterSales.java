package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Hands a won client over to after-sales. */
public record StartAfterSales(LeadId leadId, String accountManager, Instant nextContactAt, String purpose, Instant occurredAt) implements LeadCommand {
}
