package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Records the first conversation and the next contact planned. */
public record RecordFirstContact(LeadId leadId, ContactChannel channel, List<String> decisionMakers, String needs,
                                 List<String> competitors, LocalDate decisionExpectedBy, Money estimatedBudget,
                                 Instant nextContactAt, Instant occurredAt) implements LeadCommand {
}
