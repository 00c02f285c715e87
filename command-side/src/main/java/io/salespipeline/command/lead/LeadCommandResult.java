package io.salespipeline.command.lead;

import io.salespipeline.events.LeadId;
import io.salespipeline.events.Stage;

/** What every command answers: the lead, its version (number of events) and its stage after the command. */
public record LeadCommandResult(LeadId leadId, long version, Stage stage) {

    /**
     * The answer of a command handler: commands on an existing lead answer this record; registration
     * (the aggregate's constructor) answers the new lead's identifier, at version 1.
     */
    public static LeadCommandResult from(Object handlerResult) {
        if (handlerResult instanceof LeadCommandResult result) {
            return result;
        }
        if (handlerResult instanceof LeadId id) {
            return new LeadCommandResult(id, 1, Stage.INQUIRY_RECEIVED);
        }
        throw new IllegalStateException("unexpected command result " + handlerResult);
    }
}
