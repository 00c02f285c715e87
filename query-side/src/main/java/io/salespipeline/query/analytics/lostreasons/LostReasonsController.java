package io.salespipeline.query.analytics.lostreasons;

import io.salespipeline.query.projection.ReadSnapshot;
import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.visits.StageVisitProjection;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.events.LeadSource;
import io.salespipeline.query.web.CsvMessageConverter;
import io.salespipeline.query.web.CsvTable;
import io.salespipeline.query.analytics.Filters;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Why leads are lost: leads whose stage as of {@code to} is LOST, by the reason, stage, owner (at the loss),
 * month and competitor of that final loss, counted when it happened in {@code [from, to)}; disqualifications
 * beside them, not mixed in. A loss to no named competitor groups under a {@code null} key. Grouped and summed
 * in SQL.
 */
@RestController
@ReadsFrom(StageVisitProjection.PROCESSING_GROUP)
public class LostReasonsController {

    public enum GroupBy {
        reason("v.reason"), stage("v.from_stage"), source("v.source"), owner(Filters.ownerAt("v.lead_id", "v.entered_ms")),
        month("v.entered_month"), competitor("v.competitor");

        private final String column;

        GroupBy(String column) {
            this.column = column;
        }

        /** The SQL of the group's key, on a visit {@code v}. */
        String column() {
            return column;
        }
    }

    public record Group(String key, long count, Double share, Map<String, String> value) {
    }

    /** A line of lost reasons as CSV: a group of losses (or disqualifications) and its value in one currency. */
    public record LostReasonsCsvRow(String outcome, String key, long count, Double share, String currency, String value) {
    }

    /** As CSV: the column of the group's key is named after {@code groupBy}. */
    public record LostReasons(Instant from, Instant to, GroupBy groupBy, long lost, long disqualified,
                              List<Group> groups, List<Group> disqualifiedGroups) implements CsvTable<LostReasonsCsvRow> {

        @Override
        public Class<LostReasonsCsvRow> csvRowType() {
            return LostReasonsCsvRow.class;
        }

        @Override
        public List<String> csvHeader(List<String> columns) {
            return columns.stream().map(c -> c.equals("key") ? groupBy.name() : c).toList();
        }

        @Override
        public List<LostReasonsCsvRow> csvRows() {
            List<LostReasonsCsvRow> rows = new ArrayList<>();
            Stream.of(Map.entry("LOST", groups), Map.entry("DISQUALIFIED", disqualifiedGroups))
                    .forEach(kind -> kind.getValue().forEach(g -> {
                        if (g.value().isEmpty()) {
                            rows.add(new LostReasonsCsvRow(kind.getKey(), g.key(), g.count(), g.share(), null, null));
                        }
                        g.value().forEach((currency, sum) -> rows.add(new LostReasonsCsvRow(kind.getKey(), g.key(), g.count(),
                                g.share(), currency, sum)));
                    }));
            return rows;
        }
    }

    private final LostReasonsQuery query;
    private final Clock clock;
    private final ReadSnapshot snapshot;

    LostReasonsController(LostReasonsQuery query, Clock clock, ReadSnapshot snapshot) {
        this.query = query;
        this.snapshot = snapshot;
        this.clock = clock;
    }

    @GetMapping(value = "/api/analytics/lost-reasons", produces = {MediaType.APPLICATION_JSON_VALUE, CsvMessageConverter.TEXT_CSV})
    public LostReasons lostReasons(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                   @RequestParam(defaultValue = "reason") GroupBy groupBy,
                                   @RequestParam(required = false) LeadSource source,
                                   @RequestParam(required = false) String owner,
                                   @RequestParam(required = false) String pipeline) {
        AnalyticsWindow window = AnalyticsWindow.of(from, to, clock);
        Filters filters = new Filters(source, owner, pipeline);
        // both kinds of ending from one snapshot
        return snapshot.read(() -> {
            List<Group> lost = query.groups("LOST", groupBy, window, filters);
            List<Group> disqualified = query.groups("DISQUALIFIED", groupBy, window, filters);
            return new LostReasons(window.from(), window.to(), groupBy, total(lost), total(disqualified), lost, disqualified);
        });
    }

    private static long total(List<Group> groups) {
        return groups.stream().mapToLong(Group::count).sum();
    }
}
