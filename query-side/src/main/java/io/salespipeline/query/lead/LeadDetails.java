package io.salespipeline.query.lead;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.events.*;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.salespipeline.events.Company;
import io.salespipeline.events.Contact;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.NextStep;
import io.salespipeline.events.PipelineRef;
import io.salespipeline.events.Stage;

import java.time.Instant;
import java.util.List;

/**
 * Everything captured about a lead ({@code GET /api/leads/{id}}): its state, what it was registered with, and
 * what each step of the process recorded (the step's event without the lead's id; a step not taken yet is
 * left out), with its repeated facts in order. Each step is described by its event's schema; the lead's page
 * leaves out the lead id, and adds the offer's {@code revisions} and {@code followUpOverdueAt} and the offer
 * preparation's {@code deadlineMissedAt} once they happened. (The steps are JSON objects, typed {@code Object} so
 * that the OpenAPI description shows their event's schema.)
 */
public record LeadDetails(String leadId, Stage stage, long version, int activeContacts, Instant stageEnteredAt,
                          Instant lastOccurredAt, Company company, Contact contact, LeadSource source, boolean priorContact,
                          String notes, Instant registeredAt, PipelineRef pipeline, String owner, NextStep nextStep,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(implementation = FirstContactRecorded.class) Object firstContact,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(implementation = LeadQualified.class) Object qualification,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(implementation = LeadDisqualified.class) Object disqualification,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(implementation = OfferPreparationStarted.class) Object offerPreparation,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(implementation = OfferSent.class) Object offer,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(implementation = LeadMovedToLetThemBuy.class) Object letThemBuy,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(implementation = LeadWon.class) Object won,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(implementation = LeadLost.class) Object lost,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(implementation = AfterSalesStarted.class) Object afterSales,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @ArraySchema(schema = @Schema(implementation = FollowUpRecorded.class)) List<ObjectNode> followUps,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @ArraySchema(schema = @Schema(implementation = AfterSalesContactRecorded.class)) List<ObjectNode> afterSalesContacts,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @ArraySchema(schema = @Schema(implementation = LeadReopened.class)) List<ObjectNode> reopenings) {
}
