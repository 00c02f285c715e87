package io.salespipeline.events;

import java.time.Instant;

/** A fact about one lead, with the business time it happened. */
public interface LeadEvent {

    LeadId leadId();

    Instant occurredAt();
}
