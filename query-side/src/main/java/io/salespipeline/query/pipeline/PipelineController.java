package io.salespipeline.query.pipeline;

import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.visits.StageVisitProjection;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Money;
import io.salespipeline.events.NextStep;
import io.salespipeline.events.Stage;
import io.salespipeline.query.pipeline.LeadStateQuery.Flag;
import io.salespipeline.query.pipeline.LeadStateQuery.LeadState;
import io.salespipeline.events.PipelineDefined;
import io.salespipeline.events.PipelineDefinition;
import io.salespipeline.query.pipelines.PipelineDefinitions;
import io.salespipeline.query.web.Callers;
import io.salespipeline.platform.web.BadRequestException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pipeline board, now or as it stood at any past instant ({@code at}); and the paged lead list with
 * the same state and flags.
 */
@RestController
@ReadsFrom(StageVisitProjection.PROCESSING_GROUP)
public class PipelineController {

    /** The board's columns in process order: the open stages, WON (awaiting after-sales), AFTER_SALES. */
    static final Set<Stage> BOARD = EnumSet.of(Stage.INQUIRY_RECEIVED, Stage.CONTACTED, Stage.OFFER_PREPARATION,
            Stage.OFFER_SENT, Stage.FOLLOW_UP, Stage.LET_THEM_BUY, Stage.WON, Stage.AFTER_SALES);

    private final LeadStateQuery query;
    private final PipelineDefinitions pipelines;
    private final Clock clock;

    public PipelineController(LeadStateQuery query, PipelineDefinitions pipelines, Clock clock) {
        this.query = query;
        this.pipelines = pipelines;
        this.clock = clock;
    }

    public record Board(Instant at, String pipeline, List<BoardStage> stages) {
    }

    /** {@code label}: the stage's name in the pipeline asked for (its current version), else in {@code default}. */
    public record BoardStage(Stage stage, String label, int count, Map<String, String> value, List<BoardLead> leads) {
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
                       Authentication caller) {
        Instant when = at != null ? at : clock.instant();
        String ownerFilter = ownerFilter(owner, caller);
        String pipelineFilter = pipeline == null || pipeline.isBlank() ? null : pipeline;
        Optional<PipelineDefined> labels = pipelines.latest(pipelineFilter != null ? pipelineFilter : PipelineDefinition.DEFAULT);
        Map<Stage, List<BoardLead>> byStage = new LinkedHashMap<>();
        // one pipeline's board shows the stages it uses; the board of all pipelines every column
        BOARD.stream().filter(s -> pipelineFilter == null || labels.map(p -> p.definition().uses(s)).orElse(true))
                .forEach(s -> byStage.put(s, new java.util.ArrayList<>()));
        for (LeadState s : query.asOf(when, BOARD, source, pipelineFilter)) {
            // a won lead waits on the board for its after-sales plan only where its pipeline has after-sales
            boolean shown = s.stage() != Stage.WON || !Boolean.FALSE.equals(s.usesAfterSales());
            if (shown && byStage.containsKey(s.stage()) && (ownerFilter == null || ownerFilter.equals(s.owner()))) {
                byStage.get(s.stage()).add(new BoardLead(s.leadId(), s.company(), s.owner(), s.source(), s.pipeline(),
                        s.value(), s.enteredStageAt(), s.hoursInStage(), s.nextStep(), s.flags()));
            }
        }
        List<BoardStage> stages = byStage.entrySet().stream().map(e -> new BoardStage(e.getKey(),
                labels.map(p -> p.definition().label(e.getKey())).orElseGet(() -> PipelineDefinition.trainersLabel(e.getKey())),
                e.getValue().size(), sumByCurrency(e.getValue().stream().map(BoardLead::value).toList()), e.getValue())).toList();
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
        String ownerFilter = ownerFilter(owner, caller);
        List<LeadSummary> matching = query.asOf(clock.instant(), stage != null ? Set.of(stage) : EnumSet.allOf(Stage.class), source,
                        pipeline == null || pipeline.isBlank() ? null : pipeline)
                .stream()
                .filter(s -> ownerFilter == null || ownerFilter.equals(s.owner()))
                .filter(s -> flag == null || s.flags().contains(flag))
                .map(s -> new LeadSummary(s.leadId(), s.company(), s.owner(), s.source(), s.pipeline(), s.stage(), s.value(),
                        s.enteredStageAt(), s.hoursInStage(), s.nextStep(), s.flags()))
                .toList();
        // in long: page * size may not fit an int (page 2147483647, size 500 is a valid, empty page)
        int from = (int) Math.min(matching.size(), (long) page * size);
        return new LeadPage(page, size, matching.size(), matching.subList(from, Math.min(matching.size(), from + size)));
    }

    /** A sales rep sees their own leads whatever owner they ask for. */
    private static String ownerFilter(String requested, Authentication caller) {
        String restricted = Callers.restrictedOwner(caller);
        return restricted != null ? restricted : (requested == null || requested.isBlank() ? null : requested);
    }

    /** Sums per currency, as decimal strings ({@code {"PLN": "12500.00"}}). */
    static Map<String, String> sumByCurrency(List<Money> values) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        values.stream().filter(java.util.Objects::nonNull)
                .forEach(m -> sums.merge(m.currency(), m.amount(), BigDecimal::add));
        Map<String, String> out = new LinkedHashMap<>();
        sums.forEach((currency, sum) -> out.put(currency, sum.toPlainString()));
        return out;
    }
}
