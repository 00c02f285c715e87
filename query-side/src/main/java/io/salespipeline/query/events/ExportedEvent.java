package io.salespipeline.query.events;

import io.salespipeline.events.*;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of {@code GET /api/events} (NDJSON), as the OpenAPI description shows it; {@link EventExportController}
 * writes the lines itself, from a database cursor.
 *
 * @param globalIndex the event's position in the log (what {@code after} and {@code minPosition} count)
 * @param leadId      the lead, null for a pipeline definition
 * @param type        the event's type: the name of one of the payload's schemas
 * @param occurredAt  business time (null for events without one)
 * @param recordedAt  when it was recorded
 * @param payload     the event as it is stored, one of the event types
 */
public record ExportedEvent(
        long globalIndex,
        UUID leadId,
        @Schema(example = "OfferSent") String type,
        Instant occurredAt,
        Instant recordedAt,
        @Schema(oneOf = {LeadRegistered.class, FirstContactRecorded.class, LeadQualified.class, LeadDisqualified.class,
                OfferPreparationStarted.class, OfferSent.class, OfferRevised.class, FollowUpRecorded.class,
                LeadMovedToLetThemBuy.class, LeadWon.class, LeadLost.class, AfterSalesStarted.class,
                AfterSalesContactRecorded.class, LeadReopened.class, NextStepScheduled.class, LeadReassigned.class,
                ContactDetailsUpdated.class, OfferDeadlineMissed.class, FollowUpOverdue.class, PipelineDefined.class})
        Object payload) {
}
