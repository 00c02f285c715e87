package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Records an after-sales contact and plans the next one (when and why). */
public record RecordAfterSalesContact(LeadId leadId, ContactChannel channel, String notes, Instant nextContactAt,
                                      String purpose, Instant occurredAt) implements LeadCommand {
}
