package io.salespipeline.query.lead;

import io.salespipeline.platform.web.ApiAnswers;
import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.events.PipelineDefinition;
import io.salespipeline.events.Stage;
import io.salespipeline.events.StageMachine;
import io.salespipeline.platform.web.Problems;
import io.salespipeline.query.pipelines.PipelineDefinitionProjection;
import io.salespipeline.query.pipelines.PipelineDefinitions;
import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.web.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The commands a lead accepts now, from the stage machine ({@link StageMachine}, the table the command side
 * decides with): its stage as the lead view knows it, whether it was qualified, and the stages of the
 * pipeline version it was registered with. The same list a refused command's 409 names; the dashboard
 * offers a button for each. Answered at the lead's {@code version} (also its {@code ETag}): a command sent
 * with {@code If-Match} of that version is decided on the same lead.
 */
@RestController
@ReadsFrom({LeadViewProjection.PROCESSING_GROUP, PipelineDefinitionProjection.PROCESSING_GROUP})
public class AllowedCommandsController {

    private final LeadViewRepository leads;
    private final PipelineDefinitions pipelines;

    public AllowedCommandsController(LeadViewRepository leads, PipelineDefinitions pipelines) {
        this.leads = leads;
        this.pipelines = pipelines;
    }

    public record AllowedCommands(String leadId, long version, Stage stage, boolean qualified, String pipeline,
                                  List<String> allowedCommands) {
    }

    @ApiAnswers(headers = "ETag", problems = 404)
    @GetMapping("/api/leads/{id}/commands")
    public ResponseEntity<AllowedCommands> allowed(@PathVariable UUID id, Authentication caller) {
        LeadRow row = leads.find(id.toString()).orElseThrow(() -> new UnknownLead(id));
        String restrictedTo = Callers.restrictedOwner(caller);
        if (restrictedTo != null && !restrictedTo.equals(row.owner())) {
            throw new UnknownLead(id); // another rep's lead: not found, as far as this rep can tell
        }
        boolean qualified = row.details().hasNonNull("qualification");
        JsonNode ref = row.details().path("pipeline");
        String key = ref.path("key").asText(row.pipelineKey() != null ? row.pipelineKey() : PipelineDefinition.DEFAULT);
        Set<Stage> stages = pipelines.version(key, ref.path("version").asInt(1))
                .map(p -> p.definition().stageSet())
                .orElseGet(() -> EnumSet.allOf(Stage.class));
        List<String> commands = StageMachine.allowedCommands(new StageMachine.Situation(row.stage(), qualified, stages));
        return ResponseEntity.ok().eTag("\"" + row.version() + "\"")
                .body(new AllowedCommands(row.leadId(), row.version(), row.stage(), qualified, key, commands));
    }

    @ExceptionHandler(UnknownLead.class)
    ResponseEntity<ProblemDetail> unknown(UnknownLead e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.of(HttpStatus.NOT_FOUND, "unknown-lead", "Unknown lead", e.getMessage()));
    }

    static class UnknownLead extends RuntimeException {
        UnknownLead(UUID id) {
            super("no lead with id " + id);
        }
    }
}
