package io.salespipeline.events;

import java.time.Instant;

/**
 * A new lead entered the pipeline at {@link Stage#INQUIRY_RECEIVED}, bound to the version of the pipeline it
 * follows ({@code pipeline} null in leads registered before pipelines existed: the first {@code default}).
 */
public record LeadRegistered(LeadId leadId, Company company, Contact contact, LeadSource source, boolean priorContact,
                             String owner, String notes, PipelineRef pipeline, Instant occurredAt) implements LeadEvent {

    /** The pipeline version the lead follows. */
    public PipelineRef pipelineOrDefault() {
        return pipeline != null ? pipeline : PipelineRef.FIRST_DEFAULT;
    }
}
