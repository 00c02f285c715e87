package io.salespipeline.query.lead;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * left out), with its repeated facts in order.
 */
public record LeadDetails(String leadId, Stage stage, long version, int activeContacts, Instant stageEnteredAt,
                          Instant lastOccurredAt, Company company, Contact contact, LeadSource source, boolean priorContact,
                          String notes, Instant registeredAt, PipelineRef pipeline, String owner, NextStep nextStep,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ObjectNode firstContact,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ObjectNode qualification,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ObjectNode disqualification,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ObjectNode offerPreparation,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ObjectNode offer,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ObjectNode letThemBuy,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ObjectNode won,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ObjectNode lost,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ObjectNode afterSales,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<ObjectNode> followUps,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<ObjectNode> afterSalesContacts,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<ObjectNode> reopenings) {
}
