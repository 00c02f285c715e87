package io.salespipeline.command.lead;

import java.time.Instant;

/** Payload of the deadline for the first follow-up after an offer. */
public record FollowUpDeadline(Instant dueAt) {
}
