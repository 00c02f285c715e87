package io.salespipeline.command.lead;

import java.time.Instant;

/** Payload of the deadline at the promised offer time. */
public record OfferPromiseDeadline(Instant promisedBy) {
}
