package io.salespipeline.events;

import java.time.Instant;

/**
 * A contact with the client after the offer. {@code nextFollowUpDueAt}: when the next follow-up is due
 * (the "3×48" rhythm); null when the contact parked the lead in {@link Stage#LET_THEM_BUY}.
 */
public record FollowUpRecorded(LeadId leadId, ContactChannel channel, FollowUpOutcome outcome, String notes,
                               NextStep nextStep, Instant nextFollowUpDueAt, String followUpDelayReason,
                               Instant occurredAt) implements LeadEvent {
}
