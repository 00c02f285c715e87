package io.salespipeline.query.lead;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Stage;

import java.time.Instant;

/** A row of {@code lead_view} (read by its lead alone): the lead's stage, owner, source and times, and the details document. */
public record LeadRow(String leadId, long version, Stage stage, String owner, LeadSource source, String pipelineKey,
                      String companyName,
                      Instant registeredAt, Instant stageEnteredAt, Instant lastOccurredAt, int activeContacts,
                      ObjectNode details) {
}
