package io.salespipeline.events;

import java.time.Instant;

/**
 * A closed or parked lead went back to an open stage: a backwards move. Back in
 * {@link Stage#OFFER_PREPARATION} it has a fresh offer promise ({@code offerPromisedBy}), back in
 * {@link Stage#OFFER_SENT} a fresh follow-up due time ({@code followUpDueAt}); otherwise both are null.
 */
public record LeadReopened(LeadId leadId, String reason, Stage fromStage, Stage toStage, Instant offerPromisedBy,
                           Instant followUpDueAt, Instant occurredAt) implements LeadEvent {
}
