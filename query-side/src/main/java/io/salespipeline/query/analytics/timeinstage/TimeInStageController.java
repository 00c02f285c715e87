package io.salespipeline.query.analytics.timeinstage;

import io.salespipeline.query.projection.ReadSnapshot;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Stage;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.analytics.WholeHistory;
import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.visits.StageVisitProjection;
import io.salespipeline.query.web.CsvMessageConverter;
import io.salespipeline.query.web.CsvTable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How long leads stay in each stage: completed visits that ended in {@code [from, to)} (count, mean,
 * median, 90th percentile, max) and, apart, the visits still open at {@code to} with their median age
 * ({@link TimeInStageQuery}). An {@code owner} is the owner when a completed visit ended, and as of {@code to}
 * for an open one. JSON, or CSV with {@code Accept: text/csv}.
 */
@RestController
@ReadsFrom(StageVisitProjection.PROCESSING_GROUP)
public class TimeInStageController {

    private final TimeInStageQuery query;
    private final WholeHistory wholeHistory;
    private final Clock clock;
    private final ReadSnapshot snapshot;

    TimeInStageController(TimeInStageQuery query, WholeHistory wholeHistory, Clock clock, ReadSnapshot snapshot) {
        this.query = query;
        this.wholeHistory = wholeHistory;
        this.snapshot = snapshot;
        this.clock = clock;
    }

    public record StageTimes(Stage stage, long visits, Double meanHours, Double medianHours, Double p90Hours,
                             Double maxHours, long openVisits, Double openMedianAgeHours) {
    }

    /** As CSV: one line per stage, the columns of {@link StageTimes}. */
    public record TimeInStage(Instant from, Instant to, List<StageTimes> stages) implements CsvTable<StageTimes> {

        @Override
        public Class<StageTimes> csvRowType() {
            return StageTimes.class;
        }

        @Override
        public List<StageTimes> csvRows() {
            return stages;
        }
    }

    @GetMapping(value = "/api/analytics/time-in-stage", produces = {MediaType.APPLICATION_JSON_VALUE, CsvMessageConverter.TEXT_CSV})
    public TimeInStage timeInStage(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                   @RequestParam(required = false) LeadSource source,
                                   @RequestParam(required = false) String owner,
                                   @RequestParam(required = false) String pipeline) {
        AnalyticsWindow window = AnalyticsWindow.of(from, to, clock);
        Filters filters = new Filters(source, owner, pipeline);
        // the completed visits and the open ones from one snapshot (a visit ending in between counted once)
        record Both(Map<Stage, TimeInStageQuery.Completed> completed, Map<Stage, TimeInStageQuery.Open> open) {
        }
        // the visits open at its end without filters from the tally of the current states, and the visits ended since
        Both both = snapshot.read(() -> wholeHistory.answersFromTallies(window, filters)
                ? new Both(query.completedFromTally(), query.openFromTally(window))
                : new Both(query.completed(window, filters), query.openAt(window, filters)));
        Map<Stage, TimeInStageQuery.Completed> completed = both.completed();
        Map<Stage, TimeInStageQuery.Open> open = both.open();
        List<StageTimes> stages = Arrays.stream(Stage.values()).map(stage -> {
            TimeInStageQuery.Completed c = completed.getOrDefault(stage, new TimeInStageQuery.Completed(0, null, null, null, null));
            TimeInStageQuery.Open o = open.getOrDefault(stage, new TimeInStageQuery.Open(0, null));
            return new StageTimes(stage, c.visits(), c.meanHours(), c.medianHours(), c.p90Hours(), c.maxHours(), o.visits(),
                    o.medianAgeHours());
        }).toList();
        return new TimeInStage(window.from(), window.to(), stages);
    }
}
