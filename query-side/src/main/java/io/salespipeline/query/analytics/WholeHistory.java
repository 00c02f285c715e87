package io.salespipeline.query.analytics;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether a report can answer from the tallies the projection keeps of the leads and visits as they are now
 * ({@code duration_tally}, {@code entry_tally}, {@code funnel_tally}, {@code won_tally}): the window covers all
 * history (no {@code from}), no filter narrows it, and nothing of the read models began or ended at or after its
 * end (nor ended before 1970). Then "as of the end" is "now", and every visit completed by then, every lead
 * registered by then, is in the tallies. Three probes of indexes.
 */
@Component
public class WholeHistory {

    private final NamedParameterJdbcTemplate jdbc;

    WholeHistory(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean answersFromTallies(AnalyticsWindow window, Filters filters) {
        if (window.fromMs() > 0 || filters.source() != null || filters.owner() != null || filters.pipeline() != null) {
            return false;
        }
        // a visit entered at or after the end is either open (a current state) or ended no earlier than it began
        Integer later = jdbc.queryForObject("""
                select case when exists (select 1 from stage_visit v where v.exited_ms >= :to)
                              or exists (select 1 from stage_visit v where v.exited_ms < :from)
                              or exists (select 1 from visit_lead s where s.stage_entered_ms >= :to)
                              or exists (select 1 from visit_lead s where s.stage_entered_ms is null) then 1 else 0 end""",
                new MapSqlParameterSource("from", window.fromMs()).addValue("to", window.toMs()), Integer.class);
        return later != null && later == 0;
    }
}
