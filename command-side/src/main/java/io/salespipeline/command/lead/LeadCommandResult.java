package io.salespipeline.command.lead;

import io.salespipeline.command.readyourwrites.PositionedResult;
import io.salespipeline.events.LeadId;
import io.salespipeline.events.Stage;

/**
 * What every command answers: the lead, its version (number of events) and its stage after the command,
 * and {@code position}, the global index of the last event the command recorded (null when it recorded
 * none): a reader that passes it as {@code minPosition} sees the command's effect.
 */
public record LeadCommandResult(LeadId leadId, long version, Stage stage, Long position) {

    public LeadCommandResult(LeadId leadId, long version, Stage stage) {
        this(leadId, version, stage, null);
    }

    public LeadCommandResult withPosition(Long position) {
        return new LeadCommandResult(leadId, version, stage, position);
    }

    /**
     * The answer of a command handler: commands on an existing lead answer this record; registration
     * (the aggregate's constructor) answers the new lead's identifier, at version 1. Through the command bus
     * the answer comes as a {@link PositionedResult}, with the position of the command's events.
     */
    public static LeadCommandResult from(Object handlerResult) {
        if (handlerResult instanceof PositionedResult positioned) {
            return from(positioned.result()).withPosition(positioned.position());
        }
        if (handlerResult instanceof LeadCommandResult result) {
            return result;
        }
        if (handlerResult instanceof LeadId id) {
            return new LeadCommandResult(id, 1, Stage.INQUIRY_RECEIVED);
        }
        throw new IllegalStateException("unexpected command result " + handlerResult);
    }
}
