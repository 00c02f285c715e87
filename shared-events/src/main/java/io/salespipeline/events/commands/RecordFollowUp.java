package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/**
 * Records a contact with the client after the offer; {@code nextFollowUpDueAt} null means the pipeline's
 * follow-up window (48 h) after this contact, later needs a {@code followUpDelayReason}.
 */
public record RecordFollowUp(LeadId leadId, ContactChannel channel, FollowUpOutcome outcome, String notes,
                             NextStep nextStep, Instant nextFollowUpDueAt, String followUpDelayReason,
                             Instant occurredAt) implements LeadCommand {
}
