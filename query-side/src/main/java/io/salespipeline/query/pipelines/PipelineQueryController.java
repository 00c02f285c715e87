package io.salespipeline.query.pipelines;

import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.PipelineDefined;
import io.salespipeline.events.PipelineRules;
import io.salespipeline.events.PipelineStage;
import io.salespipeline.platform.web.ApiAnswers;
import io.salespipeline.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/pipelines}: the current version of every pipeline (every role); {@code sources} are the
 * sources it serves now ({@code default}: every source no other pipeline claims).
 */
@RestController
@ReadsFrom(PipelineDefinitionProjection.PROCESSING_GROUP)
public class PipelineQueryController {

    private final PipelineDefinitions definitions;

    public PipelineQueryController(PipelineDefinitions definitions) {
        this.definitions = definitions;
    }

    public record Pipeline(String key, int version, String name, Set<LeadSource> sources, List<PipelineStage> stages,
                           PipelineRules rules, Instant definedAt) {
    }

    public record Pipelines(List<Pipeline> pipelines) {
    }

    @GetMapping("/api/pipelines")
    public Pipelines pipelines() {
        return new Pipelines(definitions.latest().stream().map(this::pipeline).toList());
    }

    @ApiAnswers(headers = "ETag", problems = 404)
    @GetMapping("/api/pipelines/{key}")
    public ResponseEntity<Pipeline> pipeline(@PathVariable String key) {
        PipelineDefined p = definitions.latest(key).orElseThrow(() -> new UnknownPipeline(key));
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(pipeline(p));
    }

    @ExceptionHandler(UnknownPipeline.class)
    ResponseEntity<ProblemDetail> unknown(UnknownPipeline e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND,
                "unknown-pipeline", "Unknown pipeline", e.getMessage()));
    }

    static class UnknownPipeline extends RuntimeException {
        UnknownPipeline(String key) {
            super("no pipeline '" + key + "'");
        }
    }

    private Pipeline pipeline(PipelineDefined p) {
        return new Pipeline(p.key(), p.version(), p.name(), definitions.served(p.key()), p.stages(), p.rules(),
                p.occurredAt());
    }
}
