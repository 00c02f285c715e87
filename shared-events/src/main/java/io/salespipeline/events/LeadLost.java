package io.salespipeline.events;

import java.time.Instant;

/** The client said no, for a reason; {@code lostFromStage} is kept for analysis. */
public record LeadLost(LeadId leadId, LostReason reason, String details, String competitor, Stage lostFromStage,
                       Instant occurredAt) implements LeadEvent {
}
