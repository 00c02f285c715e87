package io.salespipeline.query.replay;

import io.salespipeline.platform.web.ApiAnswers;
import io.salespipeline.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** Admin: rebuild read models from the log, and watch the rebuild. */
@RestController
public class ReplayController {

    private final ReplayService replays;

    public ReplayController(ReplayService replays) {
        this.replays = replays;
    }

    /** Body optional: {@code {"projections": ["stage-visits"]}}; none or empty means all. */
    public record ReplayRequest(List<String> projections) {
    }

    /** @param projections the projections this service runs and can rebuild */
    public record Projections(List<String> projections) {
    }

    @ApiAnswers(status = 202, headers = "Location", problems = {409, 413, 415})
    @PostMapping("/api/admin/replays")
    public ResponseEntity<ReplayService.Progress> start(@RequestBody(required = false) ReplayRequest request) {
        replays.start(request == null ? null : request.projections());
        return ResponseEntity.accepted().location(URI.create("/api/admin/replays/current")).body(replays.progress());
    }

    @GetMapping("/api/admin/replays/current")
    public ReplayService.Progress current() {
        return replays.progress();
    }

    @GetMapping("/api/admin/projections")
    public Projections projections() {
        return new Projections(replays.projections());
    }

    @ExceptionHandler(ReplayService.UnknownProjectionException.class)
    ResponseEntity<ProblemDetail> unknown(ReplayService.UnknownProjectionException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", "projections", "message", e.getMessage())));
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(ReplayService.ReplayRunningException.class)
    ResponseEntity<ProblemDetail> running(ReplayService.ReplayRunningException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Problems.of(HttpStatus.CONFLICT, "replay-running", "Replay running", e.getMessage()));
    }
}
