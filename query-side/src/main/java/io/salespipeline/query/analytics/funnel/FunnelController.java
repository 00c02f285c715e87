package io.salespipeline.query.analytics.funnel;

import io.salespipeline.query.projection.ReadSnapshot;
import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.visits.StageVisitProjection;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Stage;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.web.CsvMessageConverter;
import io.salespipeline.query.web.CsvTable;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.pipelines.PipelineDefinitions;
import io.salespipeline.query.analytics.Numbers;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The funnel of the leads registered in {@code [from, to)}: how many reached each stage by {@code to},
 * stage-to-stage conversion, and how the cohort stands at {@code to} (won, lost, disqualified, open)
 * ({@link FunnelQuery}). JSON, or CSV with {@code Accept: text/csv}.
 */
@RestController
@ReadsFrom(StageVisitProjection.PROCESSING_GROUP)
public class FunnelController {

    private static final List<Stage> FUNNEL = List.of(Stage.INQUIRY_RECEIVED, Stage.CONTACTED, Stage.OFFER_PREPARATION,
            Stage.OFFER_SENT, Stage.FOLLOW_UP, Stage.WON);

    private final FunnelQuery query;
    private final PipelineDefinitions pipelines;
    private final Clock clock;
    private final ReadSnapshot snapshot;

    FunnelController(FunnelQuery query, PipelineDefinitions pipelines, Clock clock, ReadSnapshot snapshot) {
        this.query = query;
        this.snapshot = snapshot;
        this.pipelines = pipelines;
        this.clock = clock;
    }

    public record FunnelStage(Stage stage, long reached, Double conversion) {
    }

    /** A line of the funnel as CSV: a measure, the stage (or currency) it is about, its value and rate. */
    public record FunnelCsvRow(String measure, String stage, String value, Double rate) {

        FunnelCsvRow(String measure, String stage, Object value, Double rate) {
            this(measure, stage, value == null ? null : value.toString(), rate);
        }
    }

    public record Funnel(Instant from, Instant to, long cohort, List<FunnelStage> stages, long won,
                         Map<String, String> wonValue, long lost, long disqualified, long open, Double winRate,
                         Double medianDaysToWin) implements CsvTable<FunnelCsvRow> {

        @Override
        public Class<FunnelCsvRow> csvRowType() {
            return FunnelCsvRow.class;
        }

        @Override
        public List<FunnelCsvRow> csvRows() {
            List<FunnelCsvRow> rows = new ArrayList<>();
            stages.forEach(s -> rows.add(new FunnelCsvRow("reached", s.stage().name(), s.reached(), s.conversion())));
            rows.add(new FunnelCsvRow("cohort", null, cohort, null));
            rows.add(new FunnelCsvRow("won", null, won, winRate));
            wonValue.forEach((currency, sum) -> rows.add(new FunnelCsvRow("wonValue", currency, sum, null)));
            rows.add(new FunnelCsvRow("lost", null, lost, null));
            rows.add(new FunnelCsvRow("disqualified", null, disqualified, null));
            rows.add(new FunnelCsvRow("open", null, open, null));
            rows.add(new FunnelCsvRow("medianDaysToWin", null, medianDaysToWin, null));
            return rows;
        }
    }

    @GetMapping(value = "/api/analytics/funnel", produces = {MediaType.APPLICATION_JSON_VALUE, CsvMessageConverter.TEXT_CSV})
    public Funnel funnel(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                         @RequestParam(required = false) LeadSource source, @RequestParam(required = false) String owner,
                         @RequestParam(required = false) String pipeline) {
        AnalyticsWindow window = AnalyticsWindow.of(from, to, clock);
        FunnelQuery.Cohort cohort = snapshot.read(() -> query.cohort(window, new Filters(source, owner, pipeline)));
        List<FunnelStage> stages = new ArrayList<>();
        Long previous = null;
        // one pipeline's funnel runs through the stages it uses (its current version): a skipped stage is no step
        List<Stage> funnelStages = pipeline == null || pipeline.isBlank() ? FUNNEL : FUNNEL.stream()
                .filter(s -> pipelines.latest(pipeline).map(p -> p.definition().uses(s)).orElse(true)).toList();
        for (Stage stage : funnelStages) {
            long count = cohort.reached().getOrDefault(stage, 0L);
            stages.add(new FunnelStage(stage, count, previous == null ? Double.valueOf(1.0) : Numbers.ratio(count, previous)));
            previous = count;
        }
        Map<Stage, Long> now = cohort.stageNow();
        long won = now.getOrDefault(Stage.WON, 0L) + now.getOrDefault(Stage.AFTER_SALES, 0L);
        long lost = now.getOrDefault(Stage.LOST, 0L);
        long disqualified = now.getOrDefault(Stage.DISQUALIFIED, 0L);
        long open = cohort.leads() - won - lost - disqualified;
        return new Funnel(window.from(), window.to(), cohort.leads(), stages, won, cohort.wonValue(), lost, disqualified, open,
                Numbers.ratio(won, won + lost + disqualified), Numbers.round(cohort.medianDaysToWin(), 2));
    }
}
