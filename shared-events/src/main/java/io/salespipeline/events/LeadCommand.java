package io.salespipeline.events;

import java.time.Instant;

/**
 * A command addressed to one lead. {@code occurredAt} is the business time the client reports; null
 * means "now" on the server's clock.
 */
public interface LeadCommand {

    LeadId leadId();

    Instant occurredAt();
}
