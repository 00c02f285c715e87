package io.salespipeline.events;

import java.time.Instant;

/** After the win: who looks after the client now, when we contact them next, and why. */
public record AfterSalesStarted(LeadId leadId, String accountManager, Instant nextContactAt, String purpose,
                                Instant occurredAt) implements LeadEvent {
}
