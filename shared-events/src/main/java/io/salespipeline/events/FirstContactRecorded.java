package io.salespipeline.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** First conversation with the client; the lead is {@link Stage#CONTACTED}. */
public record FirstContactRecorded(LeadId leadId, ContactChannel channel, List<String> decisionMakers, String needs,
                                   List<String> competitors, LocalDate decisionExpectedBy, Money estimatedBudget,
                                   Instant nextContactAt, Instant occurredAt) implements LeadEvent {
}
