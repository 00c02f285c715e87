package io.salespipeline.events.commands;

import io.salespipeline.events.*;

import java.time.Instant;

/** Agrees the next step with the client. */
public record ScheduleNextStep(LeadId leadId, String action, Instant dueAt, Instant occurredAt) implements LeadCommand {
}
