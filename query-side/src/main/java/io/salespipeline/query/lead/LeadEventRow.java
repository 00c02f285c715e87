package io.salespipeline.query.lead;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.events.Stage;

import java.time.Instant;

/** A row of {@code lead_event}: one event in a lead's timeline. */
public record LeadEventRow(String leadId, long sequence, long globalIndex, String type, Instant occurredAt,
                           Instant recordedAt, Stage stageFrom, Stage stageTo, String actor, ObjectNode data) {
}
