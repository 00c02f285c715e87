package io.salespipeline.query.analytics.timeinstage;

import io.salespipeline.events.Stage;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.analytics.Numbers;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.HashMap;
import java.util.Map;

/**
 * The SQL of time in stage: per stage, the completed visits that ended in the window (count, mean, median, 90th
 * percentile, max hours) and the visits open at its end (count, median age), percentiles by PostgreSQL's
 * {@code percentile_cont}.
 */
@Repository
class TimeInStageQuery {

    /** Completed visits of one stage. */
    record Completed(long visits, Double meanHours, Double medianHours, Double p90Hours, Double maxHours) {
    }

    /** Visits of one stage open at the window's end. */
    record Open(long visits, Double medianAgeHours) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    TimeInStageQuery(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<Stage, Completed> completed(AnalyticsWindow window, Filters filters) {
        Map<Stage, Completed> byStage = new HashMap<>();
        jdbc.query("""
                select stage, count(*) as visits, avg(hours) as mean_hours,
                       percentile_cont(0.5) within group (order by hours) as median_hours,
                       percentile_cont(0.9) within group (order by hours) as p90_hours, max(hours) as max_hours
                from (select v.stage, (v.exited_ms - v.entered_ms) / 3600000.0 as hours from stage_visit v
                      where v.exited_ms >= :from and v.exited_ms < :to""" + filters.where("v", "v.exited_ms") + """
                     ) completed
                group by stage""", params(window, filters), rs -> {
            byStage.put(Stage.valueOf(rs.getString("stage")), new Completed(rs.getLong("visits"),
                    Numbers.hours((Number) rs.getObject("mean_hours")), Numbers.hours((Number) rs.getObject("median_hours")),
                    Numbers.hours((Number) rs.getObject("p90_hours")), Numbers.hours((Number) rs.getObject("max_hours"))));
        });
        return byStage;
    }

    /** Open at the window's end: not left yet, or left at or after it (two parts, each a range of the exit index). */
    Map<Stage, Open> open(AnalyticsWindow window, Filters filters) {
        Map<Stage, Open> byStage = new HashMap<>();
        jdbc.query("""
                select stage, count(*) as visits, percentile_cont(0.5) within group (order by age) as median_age
                from (select v.stage, (:to - v.entered_ms) / 3600000.0 as age from stage_visit v
                      where v.exited_ms is null and v.entered_ms < :to""" + filters.where("v", ":to") + " " + """
                      union all
                      select v.stage, (:to - v.entered_ms) / 3600000.0 as age from stage_visit v
                      where v.exited_ms >= :to and v.entered_ms < :to""" + filters.where("v", ":to") + """
                     ) open_visits
                group by stage""", params(window, filters), rs -> {
            byStage.put(Stage.valueOf(rs.getString("stage")),
                    new Open(rs.getLong("visits"), Numbers.hours((Number) rs.getObject("median_age"))));
        });
        return byStage;
    }

    private static MapSqlParameterSource params(AnalyticsWindow window, Filters filters) {
        return filters.bind(new MapSqlParameterSource("from", window.fromMs()).addValue("to", window.toMs()));
    }
}
