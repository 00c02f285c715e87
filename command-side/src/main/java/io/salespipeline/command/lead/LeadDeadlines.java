package io.salespipeline.command.lead;

import io.salespipeline.events.LeadId;
import org.axonframework.deadline.DeadlineManager;

import java.time.Instant;

/**
 * Keeps the schedule ids of a lead's pending deadlines, so that a deadline is cancelled by its id. Axon's
 * {@code cancelAllWithinScope} on db-scheduler reads and deserializes every scheduled deadline to find
 * the lead's, on every offer sent and every first follow-up; by id it is one row.
 */
public interface LeadDeadlines {

    /** Schedules {@code name} for the lead at {@code at} and remembers its id. */
    void schedule(DeadlineManager manager, LeadId lead, String name, Instant at, Object payload);

    /** Cancels the lead's pending deadlines named {@code name}, if any. */
    void cancel(DeadlineManager manager, LeadId lead, String name);
}
