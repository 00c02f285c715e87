package io.salespipeline.query.analytics.sla;

import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.analytics.Numbers;
import io.salespipeline.query.analytics.WholeHistory;
import io.salespipeline.query.analytics.sla.SlaController.Kept;
import io.salespipeline.query.analytics.sla.SlaController.Overdue;
import io.salespipeline.query.analytics.sla.SlaController.Sla;
import io.salespipeline.query.visits.SlaTally;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.HashMap;
import java.util.Map;

/**
 * The SQL of the SLA report: offer promises, first follow-ups and the follow-up rhythm kept or broken, by
 * business times, and what is overdue at the window's end. Over all history the kept and broken promises come from
 * {@code sla_tally} ({@link SlaTally}), corrected by index ranges.
 */
@Repository
class SlaQuery {

    /** The offer promises: visits of OFFER_PREPARATION whose deadline the preparation set, kept by OFFER_SENT. */
    private static final SlaTally.VisitKind OFFERS = SlaTally.VISIT_KINDS.get(0);
    /** The first follow-ups: visits of OFFER_SENT whose deadline the offer set, kept by FOLLOW_UP. */
    private static final SlaTally.VisitKind FOLLOW_UPS = SlaTally.VISIT_KINDS.get(1);

    private final NamedParameterJdbcTemplate jdbc;
    private final WholeHistory wholeHistory;

    SlaQuery(NamedParameterJdbcTemplate jdbc, WholeHistory wholeHistory) {
        this.jdbc = jdbc;
        this.wholeHistory = wholeHistory;
    }

    Sla sla(AnalyticsWindow window, Filters filters) {
        MapSqlParameterSource params = filters.bind(new MapSqlParameterSource("from", window.fromMs()).addValue("to", window.toMs()));
        Kept offers;
        Kept followUps;
        Kept rhythm;
        if (wholeHistory.answersFromTallies(window, filters)) {
            Map<String, Long> tally = new HashMap<>();
            jdbc.getJdbcTemplate().query("select kind, outcome, items from sla_tally",
                    rs -> {
                        tally.put(rs.getString("kind") + ":" + rs.getString("outcome"), rs.getLong("items"));
                    });
            offers = keptFromTally(OFFERS, tally, params);
            followUps = keptFromTally(FOLLOW_UPS, tally, params);
            rhythm = rhythmFromTally(tally, params);
        } else {
            offers = kept(OFFERS, filters, params);
            followUps = kept(FOLLOW_UPS, filters, params);
            rhythm = rhythm(filters, params);
        }
        return new Sla(window.from(), window.to(), offers, followUps, rhythm, overdue(filters, params));
    }

    /** The follow-up rhythm's items due in the window: answered by their due time, or not (and the visit went on past it). */
    private Kept rhythm(Filters filters, MapSqlParameterSource params) {
        return jdbc.queryForObject("""
                select sum(case when r.next_ms is not null and r.next_ms <= r.due_ms then 1 else 0 end) as on_time,
                       sum(case when (r.next_ms is null or r.next_ms > r.due_ms)
                                 and (r.visit_exited_ms is null or r.visit_exited_ms > r.due_ms) then 1 else 0 end) as late
                from follow_up_due r
                where r.due_ms >= :from and r.due_ms < :to and r.contact_ms <= :to""" + filters.where("r", "r.due_ms"),
                params, (rs, i) -> kept(rs.getLong("on_time"), rs.getLong("late")));
    }

    /** What is overdue at the window's end: offers, first follow-ups and rhythm items. */
    private Overdue overdue(Filters filters, MapSqlParameterSource params) {
        // open at :to (not left, or left after it) with the deadline passed: two ranges of stage_visit_stage_exited_idx,
        // read alone; "+ 0" keeps the planner from reading every deadline before :to in stage_visit_deadline_idx
        // instead (for a :to two months back, 59 -> 8 ms at 100,000 leads)
        Overdue overdue = jdbc.queryForObject("""
                select sum(case when o.stage = 'OFFER_PREPARATION' then 1 else 0 end) as offers,
                       sum(case when o.stage = 'OFFER_SENT' then 1 else 0 end) as follow_ups
                from (select v.stage from stage_visit v
                      where v.stage in ('OFFER_PREPARATION', 'OFFER_SENT') and v.exited_ms is null
                        and v.deadline_ms < :to and v.entered_ms <= :to""" + filters.where("v", ":to") + " " + """
                      union all
                      select v.stage from stage_visit v
                      where v.stage in ('OFFER_PREPARATION', 'OFFER_SENT') and v.exited_ms > :to
                        and v.deadline_ms + 0 < :to and v.entered_ms <= :to""" + filters.where("v", ":to") + """
                     ) o""",
                params, (rs, i) -> new Overdue(rs.getLong("offers"), rs.getLong("follow_ups"), 0));
        // waiting at :to: neither answered nor ended by then (closed_ms: the first of the two); two ranges of
        // follow_up_due_closed_idx, read alone (38 -> 2 ms)
        Long rhythmOverdue = jdbc.queryForObject("""
                select count(*) from (
                    select 1 as waiting from follow_up_due r
                    where r.closed_ms is null and r.contact_ms <= :to and r.due_ms < :to""" + filters.where("r", ":to") + " " + """
                    union all
                    select 1 from follow_up_due r
                    where r.closed_ms > :to and r.contact_ms <= :to and r.due_ms < :to""" + filters.where("r", ":to") + """
                ) w""",
                params, Long.class);
        return new Overdue(overdue.offers(), overdue.followUps(), rhythmOverdue == null ? 0 : rhythmOverdue);
    }

    /**
     * The visits of {@code kind} from the tally of the closed ones: less the closed ones whose deadline is outside the
     * window (a range of {@code stage_visit_deadline_idx} on each side), plus the open ones whose deadline is in it, late
     * ({@code stage_visit_stage_exited_idx}: the stage's open visits, with deadline and origin, read alone). Every
     * visit began before the window's end ({@link WholeHistory}).
     */
    private Kept keptFromTally(SlaTally.VisitKind kind, Map<String, Long> tally, MapSqlParameterSource params) {
        MapSqlParameterSource args = new MapSqlParameterSource(params.getValues()).addValue("stage", kind.stage().name())
                .addValue("kept", kind.kept().name()).addValue("origin", kind.origin());
        String outside = """
                select v.exit_stage, v.exited_ms, v.deadline_ms from stage_visit v
                where v.stage = :stage and v.deadline_ms >= :to and v.deadline_origin = :origin and v.exited_ms is not null
                union all
                select v.exit_stage, v.exited_ms, v.deadline_ms from stage_visit v
                where v.stage = :stage and v.deadline_ms < :from and v.deadline_origin = :origin and v.exited_ms is not null""";
        return jdbc.queryForObject("""
                select coalesce(sum(case when o.exit_stage = :kept and o.exited_ms <= o.deadline_ms then 1 else 0 end), 0) as on_time_outside,
                       coalesce(sum(case when o.exited_ms > o.deadline_ms then 1 else 0 end), 0) as late_outside,
                       (select count(*) from stage_visit v where v.stage = :stage and v.exited_ms is null
                        and v.deadline_ms + 0 >= :from and v.deadline_ms + 0 < :to and v.deadline_origin = :origin) as open_late
                from (""" + outside + """
                     ) o""",
                args, (rs, i) -> kept(
                        tally.getOrDefault(kind.stage().name() + ":" + SlaTally.ON_TIME, 0L) - rs.getLong("on_time_outside"),
                        tally.getOrDefault(kind.stage().name() + ":" + SlaTally.LATE, 0L) - rs.getLong("late_outside")
                                + rs.getLong("open_late")));
    }

    /**
     * The rhythm's items from the tally of the closed ones: less the closed ones due outside the window (ranges of
     * {@code follow_up_due_due_idx}; closed: answered, or their visit ended), plus the open ones due in it, late
     * ({@code follow_up_due_closed_idx}). An item is due after the contact that set it.
     */
    private Kept rhythmFromTally(Map<String, Long> tally, MapSqlParameterSource params) {
        String outside = """
                select r.next_ms, r.due_ms, r.visit_exited_ms from follow_up_due r
                where r.due_ms >= :to and (r.next_ms is not null or r.visit_exited_ms is not null)
                union all
                select r.next_ms, r.due_ms, r.visit_exited_ms from follow_up_due r
                where r.due_ms < :from and (r.next_ms is not null or r.visit_exited_ms is not null)""";
        return jdbc.queryForObject("""
                select coalesce(sum(case when o.next_ms is not null and o.next_ms <= o.due_ms then 1 else 0 end), 0) as on_time_outside,
                       coalesce(sum(case when (o.next_ms is null or o.next_ms > o.due_ms)
                                          and (o.visit_exited_ms is null or o.visit_exited_ms > o.due_ms) then 1 else 0 end), 0) as late_outside,
                       (select count(*) from follow_up_due r where r.closed_ms is null and r.due_ms >= :from and r.due_ms < :to
                        and r.contact_ms <= :to) as open_late
                from (""" + outside + """
                     ) o""",
                params, (rs, i) -> kept(
                        tally.getOrDefault(SlaTally.RHYTHM + ":" + SlaTally.ON_TIME, 0L) - rs.getLong("on_time_outside"),
                        tally.getOrDefault(SlaTally.RHYTHM + ":" + SlaTally.LATE, 0L) - rs.getLong("late_outside")
                                + rs.getLong("open_late")));
    }


    /**
     * Visits of {@code stage} whose deadline (set by {@code origin}: a reopening's fresh deadline is a live
     * alert, not an SLA item) falls in the window: on time when they ended in {@code kept} at or before it,
     * late when the lead was still in the stage at the deadline.
     */
    private Kept kept(SlaTally.VisitKind kind, Filters filters, MapSqlParameterSource params) {
        return jdbc.queryForObject("""
                select sum(case when v.exit_stage = :kept and v.exited_ms <= v.deadline_ms then 1 else 0 end) as on_time,
                       sum(case when v.exited_ms is null or v.exited_ms > v.deadline_ms then 1 else 0 end) as late
                from stage_visit v
                where v.stage = :stage and v.deadline_origin = :origin and v.deadline_ms >= :from and v.deadline_ms < :to
                  and v.entered_ms <= :to""" + filters.where("v", "v.deadline_ms"),
                new MapSqlParameterSource(params.getValues()).addValue("stage", kind.stage().name()).addValue("kept", kind.kept().name())
                        .addValue("origin", kind.origin()).addValue("source", params.getValue("source"), java.sql.Types.VARCHAR)
                        .addValue("owner", params.getValue("owner"), java.sql.Types.VARCHAR)
                        .addValue("pipeline", params.getValue("pipeline"), java.sql.Types.VARCHAR),
                (rs, i) -> kept(rs.getLong("on_time"), rs.getLong("late")));
    }

    private static Kept kept(long onTime, long late) {
        return new Kept(onTime + late, onTime, late, Numbers.ratio(onTime, onTime + late));
    }
}
