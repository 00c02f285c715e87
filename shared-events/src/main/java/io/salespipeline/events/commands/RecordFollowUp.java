package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Records a contact with the client after the offer. */
public record RecordFollowUp(LeadId leadId, ContactChannel channel, FollowUpOutcome outcome, String notes,
                             NextStep nextStep, Instant occurredAt) implements LeadCommand {
}
