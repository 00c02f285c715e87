package io.salespipeline.events;

import java.time.Instant;

/**
 * After the win: who looks after the client now, when we contact them next, and why. The handover: the
 * account manager owns the lead from now on ({@code previousOwner} owned it until now).
 */
public record AfterSalesStarted(LeadId leadId, String accountManager, Instant nextContactAt, String purpose,
                                String previousOwner, Instant occurredAt) implements LeadEvent {
}
