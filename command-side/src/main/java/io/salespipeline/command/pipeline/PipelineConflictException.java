package io.salespipeline.command.pipeline;

import io.salespipeline.events.LeadSource;

/** A pipeline claims a source another pipeline serves (HTTP 409). */
public class PipelineConflictException extends RuntimeException {

    private final LeadSource source;
    private final String claimedBy;

    public PipelineConflictException(LeadSource source, String claimedBy) {
        super("source " + source + " is served by pipeline '" + claimedBy + "'; a source belongs to one pipeline at most");
        this.source = source;
        this.claimedBy = claimedBy;
    }

    public LeadSource source() {
        return source;
    }

    public String claimedBy() {
        return claimedBy;
    }
}
