package io.salespipeline.query.analytics.timeinstage;

import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.visits.StageVisitProjection;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Stage;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.analytics.Csv;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.analytics.Numbers;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long leads stay in each stage: completed visits that ended in {@code [from, to)} (count, mean,
 * median, 90th percentile, max) and, apart, the visits still open at {@code to} with their median age.
 * Percentiles are PostgreSQL's {@code percentile_cont} (linear interpolation) in SQL. An {@code owner} is the
 * owner when a completed visit ended, and as of {@code to} for an open one.
 */
@RestController
@ReadsFrom(StageVisitProjection.PROCESSING_GROUP)
public class TimeInStageController {

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public TimeInStageController(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record StageTimes(Stage stage, long visits, Double meanHours, Double medianHours, Double p90Hours,
                             Double maxHours, long openVisits, Double openMedianAgeHours) {
    }

    public record TimeInStage(Instant from, Instant to, List<StageTimes> stages) {
    }

    @GetMapping(value = "/api/analytics/time-in-stage", produces = MediaType.APPLICATION_JSON_VALUE)
    public TimeInStage timeInStage(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                   @RequestParam(required = false) LeadSource source,
                                   @RequestParam(required = false) String owner,
                                   @RequestParam(required = false) String pipeline) {
        AnalyticsWindow window = AnalyticsWindow.of(from, to, clock);
        Filters filters = new Filters(source, owner, pipeline);
        MapSqlParameterSource params = filters.bind(new MapSqlParameterSource("from", window.fromMs()).addValue("to", window.toMs()));
        Map<String, Object[]> completed = new HashMap<>();
        jdbc.query("""
                select stage, count(*) as visits, avg(hours) as mean_hours,
                       percentile_cont(0.5) within group (order by hours) as median_hours,
                       percentile_cont(0.9) within group (order by hours) as p90_hours, max(hours) as max_hours
                from (select v.stage, (v.exited_ms - v.entered_ms) / 3600000.0 as hours from stage_visit v
                      where v.exited_ms >= :from and v.exited_ms < :to""" + filters.where("v", "v.exited_ms") + """
                     ) completed
                group by stage""", params, rs -> {
            completed.put(rs.getString("stage"), new Object[]{rs.getLong("visits"), rs.getObject("mean_hours"),
                    rs.getObject("median_hours"), rs.getObject("p90_hours"), rs.getObject("max_hours")});
        });
        Map<String, Object[]> open = new HashMap<>();
        jdbc.query("""
                select stage, count(*) as visits, percentile_cont(0.5) within group (order by age) as median_age
                from (select v.stage, (:to - v.entered_ms) / 3600000.0 as age from stage_visit v
                      where v.entered_ms < :to and (v.exited_ms is null or v.exited_ms >= :to)""" + filters.where("v", ":to") + """
                     ) open_visits
                group by stage""", params, rs -> {
            open.put(rs.getString("stage"), new Object[]{rs.getLong("visits"), rs.getObject("median_age")});
        });
        List<StageTimes> stages = Arrays.stream(Stage.values()).map(stage -> {
            Object[] c = completed.get(stage.name());
            Object[] o = open.get(stage.name());
            return new StageTimes(stage, c == null ? 0 : (Long) c[0],
                    c == null ? null : Numbers.hours((Number) c[1]), c == null ? null : Numbers.hours((Number) c[2]),
                    c == null ? null : Numbers.hours((Number) c[3]), c == null ? null : Numbers.hours((Number) c[4]),
                    o == null ? 0 : (Long) o[0], o == null ? null : Numbers.hours((Number) o[1]));
        }).toList();
        return new TimeInStage(window.from(), window.to(), stages);
    }

    @GetMapping(value = "/api/analytics/time-in-stage", produces = Csv.MEDIA_TYPE)
    public String timeInStageCsv(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                 @RequestParam(required = false) LeadSource source,
                                 @RequestParam(required = false) String owner,
                                 @RequestParam(required = false) String pipeline) {
        TimeInStage answer = timeInStage(from, to, source, owner, pipeline);
        return Csv.of(List.of("stage", "visits", "meanHours", "medianHours", "p90Hours", "maxHours", "openVisits",
                        "openMedianAgeHours"),
                answer.stages().stream().<List<?>>map(s -> List.of(s.stage(), s.visits(), nullable(s.meanHours()),
                        nullable(s.medianHours()), nullable(s.p90Hours()), nullable(s.maxHours()), s.openVisits(),
                        nullable(s.openMedianAgeHours()))).toList());
    }

    private static Object nullable(Object value) {
        return value == null ? "" : value;
    }
}
