package io.salespipeline.command.lead;

import io.salespipeline.events.LeadId;
import io.salespipeline.events.Stage;

/** What every command answers: the lead, its version (number of events) and its stage after the command. */
public record LeadCommandResult(LeadId leadId, long version, Stage stage) {
}
