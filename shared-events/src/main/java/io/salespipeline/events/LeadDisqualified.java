package io.salespipeline.events;

import java.time.Instant;

/** The lead is not worth an offer; terminal unless reopened. */
public record LeadDisqualified(LeadId leadId, DisqualificationReason reason, String details, Stage fromStage,
                               Instant occurredAt) implements LeadEvent {
}
