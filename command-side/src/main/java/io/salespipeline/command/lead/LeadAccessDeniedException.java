package io.salespipeline.command.lead;

/** The caller may not act on this lead, e.g. a sales rep on another rep's lead (HTTP 403). */
public class LeadAccessDeniedException extends RuntimeException {

    public LeadAccessDeniedException(String message) {
        super(message);
    }
}
