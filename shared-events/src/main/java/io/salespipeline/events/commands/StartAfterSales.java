package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Hands a won client over to after-sales. */
public record StartAfterSales(LeadId leadId, String accountManager, Instant nextContactAt, String purpose, Instant occurredAt) implements LeadCommand {
}
