package io.salespipeline.query.pipeline;

import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Money;
import io.salespipeline.events.NextStep;
import io.salespipeline.events.PipelineDefined;
import io.salespipeline.events.PipelineDefinition;
import io.salespipeline.events.Stage;
import io.salespipeline.platform.web.BadRequestException;
import io.salespipeline.query.pipeline.BoardStore.Filter;
import io.salespipeline.query.pipeline.BoardStore.Flag;
import io.salespipeline.query.pipeline.BoardStore.LeadState;
import io.salespipeline.query.pipeline.BoardStore.StageTotals;
import io.salespipeline.query.pipelines.PipelineDefinitions;
import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.visits.StageVisitProjection;
import io.salespipeline.query.web.Callers;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pipeline board, now or as it stood at any past instant ({@code at}); and the paged lead list with
 * the same state and flags. Filtered, counted and paged in the database ({@link BoardStore}).
 */
@RestController
@ReadsFrom(StageVisitProjection.PROCESSING_GROUP)
public class PipelineController {

    /** The board's columns in process order: the open stages, WON (awaiting after-sales), AFTER_SALES. */
    static final Set<Stage> BOARD = EnumSet.of(Stage.INQUIRY_RECEIVED, Stage.CONTACTED, Stage.OFFER_PREPARATION,
            Stage.OFFER_SENT, Stage.FOLLOW_UP, Stage.LET_THEM_BUY, Stage.WON, Stage.AFTER_SALES);

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final BoardStore store;
    private final PipelineDefinitions pipelines;
    private final Clock clock;

    public PipelineController(BoardStore store, PipelineDefinitions pipelines, Clock clock) {
        this.store = store;
        this.pipelines = pipelines;
        this.clock = clock;
    }

    public record Board(Instant at, String pipeline, List<BoardStage> stages) {
    }

    /**
     * {@code label}: the stage's name in the pipeline asked for (its current version), else in {@code default};
     * {@code count} and {@code value}: over every lead of the stage; {@code leads}: at most {@code limit} of them.
     */
    public record BoardStage(Stage stage, String label, long count, Map<String, String> value, List<BoardLead> leads) {
    }

    public record BoardLead(String leadId, String company, String owner, LeadSource source, String pipeline, Money value,
                            Instant enteredStageAt, double hoursInStage, NextStep nextStep, Set<Flag> flags) {
    }

    public record LeadPage(int page, int size, long total, List<LeadSummary> items) {
    }

    public record LeadSummary(String leadId, String company, String owner, LeadSource source, String pipeline, Stage stage,
                              Money value, Instant enteredStageAt, double hoursInStage, NextStep nextStep, Set<Flag> flags) {
    }

    @GetMapping("/api/pipeline")
    public Board board(@RequestParam(required = false) String owner, @RequestParam(required = false) LeadSource source,
                       @RequestParam(required = false) String pipeline, @RequestParam(required = false) Instant at,
                       @RequestParam(required = false) Integer limit, Authentication caller) {
        int max = limit == null ? DEFAULT_LIMIT : limit;
        if (max < 0 || max > MAX_LIMIT) {
            throw new BadRequestException("limit", "limit must be between 0 and " + MAX_LIMIT);
        }
        Instant when = at != null ? at : clock.instant();
        String pipelineFilter = blankToNull(pipeline);
        Optional<PipelineDefined> labels = pipelines.latest(pipelineFilter != null ? pipelineFilter : PipelineDefinition.DEFAULT);
        // one pipeline's board shows the stages it uses; the board of all pipelines every column
        List<Stage> columns = BOARD.stream()
                .filter(s -> pipelineFilter == null || labels.map(p -> p.definition().uses(s)).orElse(true)).toList();
        Filter filter = new Filter(when, columns, ownerFilter(owner, caller), source, pipelineFilter, null);
        BoardStore.Board board = store.board(filter, max);
        Map<Stage, StageTotals> totals = board.totals();
        Map<Stage, List<LeadState>> leads = board.leads();
        List<BoardStage> stages = columns.stream().map(stage -> {
            StageTotals t = totals.getOrDefault(stage, new StageTotals(0, Map.of()));
            return new BoardStage(stage,
                    labels.map(p -> p.definition().label(stage)).orElseGet(() -> PipelineDefinition.trainersLabel(stage)),
                    t.count(), t.value(), leads.getOrDefault(stage, List.of()).stream().map(PipelineController::boardLead).toList());
        }).toList();
        return new Board(when, pipelineFilter, stages);
    }

    @GetMapping("/api/leads")
    public LeadPage leads(@RequestParam(required = false) Stage stage, @RequestParam(required = false) String owner,
                          @RequestParam(required = false) LeadSource source, @RequestParam(required = false) Flag flag,
                          @RequestParam(required = false) String pipeline,
                          @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
                          Authentication caller) {
        if (page < 0 || size < 1 || size > 500) {
            throw new BadRequestException("size", "page must be 0 or more and size between 1 and 500");
        }
        Filter filter = new Filter(clock.instant(), stage == null ? null : List.of(stage), ownerFilter(owner, caller), source,
                blankToNull(pipeline), flag);
        // in long: page * size may not fit an int (page 2147483647, size 500 is a valid, empty page)
        BoardStore.Page found = store.page(filter, (long) page * size, size);
        return new LeadPage(page, size, found.total(), found.items().stream().map(s -> new LeadSummary(s.leadId(), s.company(),
                s.owner(), s.source(), s.pipeline(), s.stage(), s.value(), s.enteredStageAt(), s.hoursInStage(), s.nextStep(),
                s.flags())).toList());
    }

    private static BoardLead boardLead(LeadState s) {
        return new BoardLead(s.leadId(), s.company(), s.owner(), s.source(), s.pipeline(), s.value(), s.enteredStageAt(),
                s.hoursInStage(), s.nextStep(), s.flags());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A sales rep sees their own leads whatever owner they ask for. */
    private static String ownerFilter(String requested, Authentication caller) {
        String restricted = Callers.restrictedOwner(caller);
        return restricted != null ? restricted : blankToNull(requested);
    }
}
