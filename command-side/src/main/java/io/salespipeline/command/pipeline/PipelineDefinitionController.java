package io.salespipeline.command.pipeline;

import io.salespipeline.platform.web.ApiAnswers;
import io.salespipeline.command.readyourwrites.PositionedResult;
import io.salespipeline.command.lead.BusinessRuleViolationException;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.PipelineDefinition;
import io.salespipeline.events.PipelineRules;
import io.salespipeline.events.PipelineStage;
import io.salespipeline.events.Stage;
import io.salespipeline.events.commands.DefinePipeline;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;

/**
 * {@code PUT /api/pipelines/{key}} (admins): defines a pipeline or changes it. A change is a new version,
 * for the leads registered after it; {@code 201} for the first version, {@code 200} otherwise (also when
 * nothing changed, which records nothing). The definitions are read on the query side
 * ({@code GET /api/pipelines}).
 */
@RestController
public class PipelineDefinitionController {

    private final CommandGateway commandGateway;

    public PipelineDefinitionController(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    public record StageBody(@NotNull Stage stage, @Size(max = 100) String label) {
    }

    public record RulesBody(Duration offerPromise, Duration followUpWindow, @Min(1) Integer undecidedContactsToLetThemBuy,
                            Duration afterSalesPlanWithin) {
    }

    public record PipelineBody(@NotBlank @Size(max = 100) String name, List<@NotNull LeadSource> sources,
                               @NotEmpty List<@NotNull @Valid StageBody> stages, @Valid RulesBody rules) {
    }

    /** The definition as it now stands, and the {@code position} of the event that recorded it (null: none). */
    public record PipelineAnswer(String key, int version, String name, List<LeadSource> sources,
                                 List<PipelineStage> stages, PipelineRules rules, Long position) {
        static PipelineAnswer of(PipelineDefinition d, Long position) {
            return new PipelineAnswer(d.key(), d.version(), d.name(), d.sources(), d.stages(), d.rules(), position);
        }
    }

    @ApiAnswers(alsoStatus = 201, headers = {"ETag", "Location"}, problems = {409, 413, 415, 422})
    @PutMapping("/api/pipelines/{key}")
    public ResponseEntity<PipelineAnswer> define(@PathVariable String key, @Valid @RequestBody PipelineBody body) {
        if (PipelineDefinition.DEFAULT.equals(key)) {
            throw new BusinessRuleViolationException("DEFAULT_PIPELINE_IS_CONFIGURED", "the default pipeline uses every "
                    + "stage and follows the deployment's pipeline.rules.*; define a pipeline of your own for your sources");
        }
        RulesBody r = body.rules();
        DefinePipeline command = new DefinePipeline(key, body.name(), body.sources(),
                body.stages().stream().map(s -> new PipelineStage(s.stage(), s.label())).toList(),
                r == null ? null : new PipelineRules(r.offerPromise(), r.followUpWindow(), r.undecidedContactsToLetThemBuy(),
                        r.afterSalesPlanWithin()));
        Object answer = commandGateway.sendAndWait(command);
        PipelineCatalog.Defined defined = PositionedResult.unwrap(answer);
        PipelineDefinition d = defined.definition();
        HttpStatus status = defined.changed() && d.version() == 1 ? HttpStatus.CREATED : HttpStatus.OK;
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).eTag("\"" + d.version() + "\"");
        if (status == HttpStatus.CREATED) {
            response.location(java.net.URI.create("/api/pipelines/" + d.key()));
        }
        return response.body(PipelineAnswer.of(d, defined.changed() ? PositionedResult.positionOf(answer) : null));
    }
}
