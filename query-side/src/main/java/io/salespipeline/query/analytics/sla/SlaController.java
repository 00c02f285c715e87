package io.salespipeline.query.analytics.sla;

import io.salespipeline.query.projection.ReadSnapshot;
import io.salespipeline.events.LeadSource;
import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.visits.StageVisitProjection;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.web.CsvMessageConverter;
import io.salespipeline.query.web.CsvTable;
import io.salespipeline.query.analytics.Filters;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The promises of the process, judged by business times, for the promises and due times in
 * {@code [from, to)} that existed as of {@code to}: offers delivered by the promised time, first follow-ups
 * by the offer's due time, and the rhythm ("3x48": each follow-up by the due time the previous one set);
 * and what is overdue at {@code to}. An {@code owner} is the owner at the promised or due time.
 */
@RestController
@ReadsFrom(StageVisitProjection.PROCESSING_GROUP)
public class SlaController {

    private final SlaQuery query;
    private final Clock clock;
    private final ReadSnapshot snapshot;

    SlaController(SlaQuery query, Clock clock, ReadSnapshot snapshot) {
        this.query = query;
        this.snapshot = snapshot;
        this.clock = clock;
    }

    public record Kept(long due, long onTime, long late, Double onTimeRate) {
    }

    public record Overdue(long offers, long followUps, long followUpRhythm) {
    }

    /** A line of the SLA report as CSV: one kind of promise. */
    public record SlaCsvRow(String promise, long due, long onTime, long late, Double onTimeRate, long overdueNow) {

        SlaCsvRow(String promise, Kept kept, long overdueNow) {
            this(promise, kept.due(), kept.onTime(), kept.late(), kept.onTimeRate(), overdueNow);
        }
    }

    public record Sla(Instant from, Instant to, Kept offers, Kept followUps, Kept followUpRhythm, Overdue overdueNow)
            implements CsvTable<SlaCsvRow> {

        @Override
        public Class<SlaCsvRow> csvRowType() {
            return SlaCsvRow.class;
        }

        @Override
        public List<SlaCsvRow> csvRows() {
            return List.of(new SlaCsvRow("offers", offers, overdueNow.offers()),
                    new SlaCsvRow("followUps", followUps, overdueNow.followUps()),
                    new SlaCsvRow("followUpRhythm", followUpRhythm, overdueNow.followUpRhythm()));
        }
    }

    @GetMapping(value = "/api/analytics/sla", produces = {MediaType.APPLICATION_JSON_VALUE, CsvMessageConverter.TEXT_CSV})
    public Sla sla(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                   @RequestParam(required = false) String owner, @RequestParam(required = false) LeadSource source,
                   @RequestParam(required = false) String pipeline) {
        AnalyticsWindow window = AnalyticsWindow.of(from, to, clock);
        // its five counts from one snapshot
        return snapshot.read(() -> query.sla(window, new Filters(source, owner, pipeline)));
    }
}
