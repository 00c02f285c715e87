package io.salespipeline.events;

import java.time.Instant;

/** An after-sales contact with the client, and the next one it plans (DOMAIN.md rule 6). */
public record AfterSalesContactRecorded(LeadId leadId, ContactChannel channel, String notes, Instant nextContactAt,
                                        String purpose, Instant occurredAt) implements LeadEvent {
}
