package io.salespipeline.query.analytics.funnel;

import io.salespipeline.events.Stage;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.visits.Amounts;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** The SQL of the funnel: the cohort registered in the window and what became of it by the window's end. */
@Repository
class FunnelQuery {

    /** The cohort: registered in the window, of the source and pipeline, owned at registration by the owner given. */
    private static final String COHORT = """
            with cohort as (
                select l.lead_id, l.registered_ms from visit_lead l
                where l.registered_ms >= :from and l.registered_ms < :to
                  and (:source is null or l.source = :source)
                  and (:pipeline is null or l.pipeline_key = :pipeline)
                  and (:owner is null or :owner = """ + Filters.ownerAt("l.lead_id", "l.registered_ms") + """
                  ))
            """;

    /** What the funnel counts of a cohort, as of the window's end. */
    record Cohort(long leads, Map<Stage, Long> reached, Map<Stage, Long> stageNow, Double medianDaysToWin,
                  Map<String, String> wonValue) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    FunnelQuery(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Cohort cohort(AnalyticsWindow window, Filters filters) {
        MapSqlParameterSource params = filters.bind(new MapSqlParameterSource("from", window.fromMs()).addValue("to", window.toMs()));
        Long leads = jdbc.queryForObject(COHORT + "select count(*) from cohort", params, Long.class);
        Map<Stage, Long> reached = new EnumMap<>(Stage.class);
        jdbc.query(COHORT + """
                select v.stage, count(distinct v.lead_id) as leads
                from stage_visit v join cohort c on c.lead_id = v.lead_id
                where v.entered_ms <= :to
                group by v.stage""", params, rs -> {
            reached.put(Stage.valueOf(rs.getString("stage")), rs.getLong("leads"));
        });
        Map<Stage, Long> now = new EnumMap<>(Stage.class);
        jdbc.query(COHORT + """
                select v.stage, count(*) as leads
                from stage_visit v join cohort c on c.lead_id = v.lead_id
                where v.entered_ms <= :to and (v.exited_ms is null or v.exited_ms > :to)
                group by v.stage""", params, rs -> {
            now.put(Stage.valueOf(rs.getString("stage")), rs.getLong("leads"));
        });
        Number medianDays = jdbc.queryForObject(COHORT + """
                select percentile_cont(0.5) within group (order by (w.won_ms - c.registered_ms) / 86400000.0)
                from cohort c
                join (select v.lead_id, max(v.entered_ms) as won_ms from stage_visit v
                      where v.stage = 'WON' and v.entered_ms <= :to group by v.lead_id) w on w.lead_id = c.lead_id
                join stage_visit s on s.lead_id = c.lead_id and s.entered_ms <= :to
                                  and (s.exited_ms is null or s.exited_ms > :to) and s.stage in ('WON', 'AFTER_SALES')""",
                params, Number.class);
        // the final value of each lead won as of `to` (its last win), per currency
        Map<String, String> wonValue = new TreeMap<>();
        jdbc.query(COHORT + """
                select w.value_currency, sum(w.value_amount) as won_value
                from cohort c
                join stage_visit s on s.lead_id = c.lead_id and s.entered_ms <= :to
                                  and (s.exited_ms is null or s.exited_ms > :to) and s.stage in ('WON', 'AFTER_SALES')
                join stage_visit w on w.lead_id = c.lead_id and w.stage = 'WON'
                                  and w.visit_no = (select max(x.visit_no) from stage_visit x
                                                    where x.lead_id = c.lead_id and x.stage = 'WON' and x.entered_ms <= :to)
                where w.value_amount is not null
                group by w.value_currency""", params, rs -> {
            wonValue.put(rs.getString("value_currency"), Amounts.normalized(rs.getBigDecimal("won_value")).toPlainString());
        });
        return new Cohort(leads == null ? 0 : leads, reached, now,
                medianDays == null ? null : medianDays.doubleValue(), wonValue);
    }
}
