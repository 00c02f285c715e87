package io.salespipeline.events;

import java.time.Instant;

/**
 * A fact about one lead, with the business time it happened. Sealed: every event of a lead is listed here,
 * and {@link StageMachine}'s table says for each one where it leaves the lead.
 */
public sealed interface LeadEvent permits LeadRegistered, FirstContactRecorded, LeadQualified, LeadDisqualified,
        OfferPreparationStarted, OfferSent, OfferRevised, FollowUpRecorded, LeadMovedToLetThemBuy, LeadWon, LeadLost,
        AfterSalesStarted, AfterSalesContactRecorded, LeadReopened, NextStepScheduled, LeadReassigned,
        ContactDetailsUpdated, OfferDeadlineMissed, FollowUpOverdue {

    LeadId leadId();

    Instant occurredAt();
}
