package io.salespipeline.events;

import java.time.Instant;

/** A contact with the client after the offer. */
public record FollowUpRecorded(LeadId leadId, ContactChannel channel, FollowUpOutcome outcome, String notes,
                               NextStep nextStep, Instant occurredAt) implements LeadEvent {
}
