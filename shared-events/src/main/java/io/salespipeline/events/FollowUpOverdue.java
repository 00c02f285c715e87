package io.salespipeline.events;

import java.time.Instant;

/** No follow-up by the due time after the offer (a live alert; SLA numbers use business times). */
public record FollowUpOverdue(LeadId leadId, Instant followUpDueAt, Instant occurredAt) implements LeadEvent {
}
