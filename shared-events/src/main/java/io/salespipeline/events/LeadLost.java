package io.salespipeline.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The client said no, for a reason; {@code lostFromStage} is kept for analysis. */
public record LeadLost(LeadId leadId, LostReason reason, String details, String competitor, Stage lostFromStage,
                       Instant occurredAt) implements LeadEvent {
}
