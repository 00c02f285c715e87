package io.salespipeline.command.imports;

import io.salespipeline.platform.web.ApiAnswers;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.salespipeline.command.lead.Actor;
import io.salespipeline.platform.web.BadRequestException;
import io.salespipeline.platform.web.Problems;
import io.salespipeline.platform.web.RequestLimits;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.util.stream.Collectors;

/**
 * {@code POST /api/imports} (managers, admins): lead histories as NDJSON, one lead a line, stored and then
 * recorded in the background; {@code 202} with the progress resource, {@code GET /api/imports/{id}}.
 */
@RestController
public class ImportController {

    public static final String NDJSON = "application/x-ndjson";

    private final ImportService imports;
    private final ImportProperties properties;

    public ImportController(ImportService imports, ImportProperties properties) {
        this.imports = imports;
        this.properties = properties;
    }

    @ApiAnswers(status = 202, headers = "Location", problems = {413, 415})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = """
            One lead a line: {"leadId": "<uuid>", "commands": [{"command": "RegisterLead", "occurredAt": "...", \
            ...the fields of that command's HTTP body}, ...]} (docs/api.md, Import of history)""",
            content = @Content(mediaType = NDJSON, schema = @Schema(type = "string")))
    @PostMapping(path = "/api/imports", consumes = NDJSON)
    public ResponseEntity<ImportService.Progress> start(HttpServletRequest request, Authentication caller) throws IOException {
        if (request.getContentLengthLong() > properties.maxSize().toBytes()) {
            throw new ImportService.TooLargeException();
        }
        Actor actor = new Actor(caller.getName(), caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .map(a -> a.startsWith("ROLE_") ? a.substring(5) : a).collect(Collectors.toUnmodifiableSet()));
        String id = imports.start(request.getInputStream(), actor);
        return ResponseEntity.accepted().location(URI.create("/api/imports/" + id)).body(imports.progress(id, 0));
    }

    /** {@code errorsAfter}: the rejected leads after that line (they are listed by line, at most 1,000 an answer). */
    @ApiAnswers(problems = 404)
    @GetMapping("/api/imports/{id}")
    public ImportService.Progress progress(@PathVariable String id, @RequestParam(defaultValue = "0") long errorsAfter) {
        if (errorsAfter < 0) {
            throw new BadRequestException("errorsAfter", "errorsAfter must be a line number, 0 or more");
        }
        if (id.length() > 36) {
            throw new ImportService.UnknownImportException(id.substring(0, 36) + "…");
        }
        return imports.progress(id, errorsAfter);
    }

    @ExceptionHandler(ImportService.UnknownImportException.class)
    ResponseEntity<ProblemDetail> unknown(ImportService.UnknownImportException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.of(HttpStatus.NOT_FOUND, "unknown-import", "Unknown import", e.getMessage()));
    }

    @ExceptionHandler(ImportService.TooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(ImportService.TooLargeException e) {
        ProblemDetail problem = RequestLimits.tooLargeProblem();
        problem.setDetail(e.getMessage());
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(problem);
    }
}
