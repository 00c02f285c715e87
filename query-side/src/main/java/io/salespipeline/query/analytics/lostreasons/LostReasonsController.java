package io.salespipeline.query.analytics.lostreasons;

import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.visits.StageVisitProjection;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.events.LeadSource;
import io.salespipeline.query.analytics.Csv;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.analytics.Numbers;
import io.salespipeline.query.visits.Amounts;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    }

    public record Group(String key, long count, Double share, Map<String, String> value) {
    }

    public record LostReasons(Instant from, Instant to, GroupBy groupBy, long lost, long disqualified,
                              List<Group> groups, List<Group> disqualifiedGroups) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public LostReasonsController(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @GetMapping(value = "/api/analytics/lost-reasons", produces = MediaType.APPLICATION_JSON_VALUE)
    public LostReasons lostReasons(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                   @RequestParam(defaultValue = "reason") GroupBy groupBy,
                                   @RequestParam(required = false) LeadSource source,
                                   @RequestParam(required = false) String owner,
                                   @RequestParam(required = false) String pipeline) {
        AnalyticsWindow window = AnalyticsWindow.of(from, to, clock);
        Filters filters = new Filters(source, owner, pipeline);
        List<Group> lost = groups("LOST", groupBy, window, filters);
        List<Group> disqualified = groups("DISQUALIFIED", groupBy, window, filters);
        return new LostReasons(window.from(), window.to(), groupBy, total(lost), total(disqualified), lost, disqualified);
    }

    @GetMapping(value = "/api/analytics/lost-reasons", produces = Csv.MEDIA_TYPE)
    public String lostReasonsCsv(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                 @RequestParam(defaultValue = "reason") GroupBy groupBy,
                                 @RequestParam(required = false) LeadSource source,
                                 @RequestParam(required = false) String owner,
                                 @RequestParam(required = false) String pipeline) {
        LostReasons answer = lostReasons(from, to, groupBy, source, owner, pipeline);
        List<List<?>> rows = new ArrayList<>();
        Stream.of(Map.entry("LOST", answer.groups()), Map.entry("DISQUALIFIED", answer.disqualifiedGroups()))
                .forEach(kind -> kind.getValue().forEach(g -> {
                    String key = g.key() == null ? "" : g.key();
                    if (g.value().isEmpty()) {
                        rows.add(List.of(kind.getKey(), key, g.count(), g.share(), "", ""));
                    }
                    g.value().forEach((currency, sum) -> rows.add(List.of(kind.getKey(), key, g.count(), g.share(),
                            currency, sum)));
                }));
        return Csv.of(List.of("outcome", groupBy.name(), "count", "share", "currency", "value"), rows);
    }

    /** The final losses (or disqualifications) as of {@code to} that happened in the window, grouped. */
    private List<Group> groups(String stage, GroupBy groupBy, AnalyticsWindow window, Filters filters) {
        MapSqlParameterSource params = filters.bind(new MapSqlParameterSource("stage", stage)
                .addValue("from", window.fromMs()).addValue("to", window.toMs()));
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        jdbc.query("""
                select group_key, value_currency, count(*) as leads, sum(value_amount) as value_sum
                from (select""" + " " + groupBy.column + """
                              as group_key, v.value_currency, v.value_amount
                      from stage_visit v
                      where v.stage = :stage and v.entered_ms >= :from and v.entered_ms < :to
                        and (v.exited_ms is null or v.exited_ms > :to)""" + filters.where("v", "v.entered_ms") + """
                     ) losses
                group by group_key, value_currency""", params, rs -> {
            String key = rs.getString("group_key");
            counts.merge(key, rs.getLong("leads"), Long::sum);
            String currency = rs.getString("value_currency");
            BigDecimal value = rs.getBigDecimal("value_sum");
            Map<String, String> sums = values.computeIfAbsent(key, k -> new TreeMap<>());
            if (currency != null && value != null) {
                sums.put(currency, Amounts.normalized(value).toPlainString());
            }
        });
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))))
                .map(e -> new Group(e.getKey(), e.getValue(), Numbers.ratio(e.getValue(), total), values.get(e.getKey())))
                .toList();
    }

    private static long total(List<Group> groups) {
        return groups.stream().mapToLong(Group::count).sum();
    }
}
