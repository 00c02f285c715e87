package io.salespipeline.query.lead;

import io.salespipeline.events.*;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * One event of a lead's timeline ({@code GET /api/leads/{id}/history}): its place in the lead's stream and in
 * the log, when it happened and was recorded, the stages it left and entered, who sent it, and its facts
 * ({@code data}: a JSON object, the event's fields; typed as its possible schemas for the OpenAPI description).
 */
public record LeadHistoryEntry(long sequence, long globalIndex, String type, Instant occurredAt, Instant recordedAt,
                               Stage stageFrom, Stage stageTo, String actor,
                               @Schema(description = "the event's fields without the lead id", oneOf = {LeadRegistered.class,
                                       FirstContactRecorded.class, LeadQualified.class, LeadDisqualified.class,
                                       OfferPreparationStarted.class, OfferSent.class, OfferRevised.class,
                                       FollowUpRecorded.class, LeadMovedToLetThemBuy.class, LeadWon.class, LeadLost.class,
                                       AfterSalesStarted.class, AfterSalesContactRecorded.class, LeadReopened.class,
                                       NextStepScheduled.class, LeadReassigned.class, ContactDetailsUpdated.class,
                                       OfferDeadlineMissed.class, FollowUpOverdue.class}) Object data) {
}
