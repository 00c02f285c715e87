package io.salespipeline.query.analytics.sla;

import io.salespipeline.events.Stage;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.analytics.LongestVisits;
import io.salespipeline.query.analytics.Numbers;
import io.salespipeline.query.analytics.sla.SlaController.Kept;
import io.salespipeline.query.analytics.sla.SlaController.Overdue;
import io.salespipeline.query.analytics.sla.SlaController.Sla;
import io.salespipeline.query.visits.SlaTally;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of the SLA report: offer promises, first follow-ups and the follow-up rhythm kept or broken, by
 * business times, and what is overdue at the window's end. Without filters, the kept and broken promises of the
 * window's whole days come from {@code sla_tally} ({@link SlaTally}), the rest from index ranges.
 */
@Repository
class SlaQuery {

    /** The offer promises: visits of OFFER_PREPARATION whose deadline the preparation set, kept by OFFER_SENT. */
    private static final SlaTally.VisitKind OFFERS = SlaTally.VISIT_KINDS.get(0);
    /** The first follow-ups: visits of OFFER_SENT whose deadline the offer set, kept by FOLLOW_UP. */
    private static final SlaTally.VisitKind FOLLOW_UPS = SlaTally.VISIT_KINDS.get(1);

    private final NamedParameterJdbcTemplate jdbc;
    private final LongestVisits longestVisits;

    SlaQuery(NamedParameterJdbcTemplate jdbc, LongestVisits longestVisits) {
        this.jdbc = jdbc;
        this.longestVisits = longestVisits;
    }

    Sla sla(AnalyticsWindow window, Filters filters) {
        MapSqlParameterSource params = filters.bind(new MapSqlParameterSource("from", window.fromMs()).addValue("to", window.toMs()));
        Kept offers = null;
        Kept followUps = null;
        Kept rhythm = null;
        // the first whole day of the window and the day of its end (without overflow at the ends of time)
        long firstDay = SlaTally.day(window.fromMs()) + (Math.floorMod(window.fromMs(), SlaTally.DAY_MS) == 0 ? 0 : 1);
        long endDay = SlaTally.day(window.toMs());
        if (filters.none() && firstDay < endDay) {
            // the whole days of the window from the tally, the rest by index ranges
            MapSqlParameterSource days = new MapSqlParameterSource(params.getValues()).addValue("firstDay", firstDay)
                    .addValue("endDay", endDay).addValue("daysFrom", firstDay * SlaTally.DAY_MS)
                    .addValue("daysTo", endDay * SlaTally.DAY_MS);
            Map<String, Tallied> tally = tallied(days);
            offers = keptFromTally(OFFERS, tally, days);
            followUps = keptFromTally(FOLLOW_UPS, tally, days);
            rhythm = rhythmFromTally(tally, days);
        }
        offers = offers != null ? offers : kept(OFFERS, filters, params);
        followUps = followUps != null ? followUps : kept(FOLLOW_UPS, filters, params);
        rhythm = rhythm != null ? rhythm : rhythm(filters, params);
        return new Sla(window.from(), window.to(), offers, followUps, rhythm, overdue(filters, params));
    }

    /**
     * A kind's closed items due in the window's whole days ({@code [:firstDay, :endDay)}) that had begun by its end,
     * on time and late; {@code unsure}: whether a row holds items that began on the day of the end (then perhaps
     * after it), which only reading them tells.
     */
    private record Tallied(long onTime, long late, boolean unsure) {
    }

    private Map<String, Tallied> tallied(MapSqlParameterSource days) {
        Map<String, Tallied> tallied = new HashMap<>();
        jdbc.query("""
                select kind, sum(case when outcome = 'ON_TIME' and item_day < :endDay then items else 0 end) as on_time,
                       sum(case when outcome = 'LATE' and item_day < :endDay then items else 0 end) as late,
                       sum(case when item_day = :endDay then items else 0 end) as unsure
                from sla_tally where due_day >= :firstDay and due_day < :endDay
                group by kind""", days, rs -> {
            tallied.put(rs.getString("kind"), new Tallied(rs.getLong("on_time"), rs.getLong("late"), rs.getLong("unsure") > 0));
        });
        return tallied;
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
        // open at :to (not left, or left after it) with the deadline passed: per stage, the open visits and the visits
        // left after :to, ranges of stage_visit_stage_exited_idx, read alone ("+ 0" keeps the planner from reading every
        // deadline before :to in stage_visit_deadline_idx instead: for a :to two months back, 59 -> 8 ms at 100,000
        // leads). A visit left after :to but entered by it is no longer than the stage's longest, so it left by :to plus
        // that length (LongestVisits): a range of days, not of every exit since (6 -> 0.5 ms)
        long to = (Long) params.getValue("to");
        Map<Stage, Long> longest = longestVisits.of(List.of(Stage.OFFER_PREPARATION, Stage.OFFER_SENT));
        MapSqlParameterSource args = new MapSqlParameterSource(params.getValues())
                .addValue("offersLeftBy", LongestVisits.endedBy(to, longest.get(Stage.OFFER_PREPARATION)))
                .addValue("followUpsLeftBy", LongestVisits.endedBy(to, longest.get(Stage.OFFER_SENT)));
        Overdue overdue = jdbc.queryForObject("""
                select sum(case when o.stage = 'OFFER_PREPARATION' then 1 else 0 end) as offers,
                       sum(case when o.stage = 'OFFER_SENT' then 1 else 0 end) as follow_ups
                from (select v.stage from stage_visit v
                      where v.stage in ('OFFER_PREPARATION', 'OFFER_SENT') and v.exited_ms is null
                        and v.deadline_ms < :to and v.entered_ms <= :to""" + filters.where("v", ":to") + " " + """
                      union all
                      select v.stage from stage_visit v
                      where v.stage = 'OFFER_PREPARATION' and v.exited_ms > :to and v.exited_ms <= :offersLeftBy
                        and v.deadline_ms + 0 < :to and v.entered_ms <= :to""" + filters.where("v", ":to") + " " + """
                      union all
                      select v.stage from stage_visit v
                      where v.stage = 'OFFER_SENT' and v.exited_ms > :to and v.exited_ms <= :followUpsLeftBy
                        and v.deadline_ms + 0 < :to and v.entered_ms <= :to""" + filters.where("v", ":to") + """
                     ) o""",
                args, (rs, i) -> new Overdue(rs.getLong("offers"), rs.getLong("follow_ups"), 0));
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
     * The visits of {@code kind} due in the window: the closed ones due in its whole days from the tally, plus, read
     * by index ranges, those due in its partial first and last days ({@code stage_visit_deadline_idx}) and the open ones
     * due in its whole days, late ({@code stage_visit_stage_exited_idx}: the stage's open visits, with deadline and
     * origin, read alone). Null when the tally cannot tell ({@link Tallied#unsure}).
     */
    private Kept keptFromTally(SlaTally.VisitKind kind, Map<String, Tallied> tally, MapSqlParameterSource days) {
        Tallied tallied = tally.getOrDefault(kind.stage().name(), new Tallied(0, 0, false));
        if (tallied.unsure()) {
            return null;
        }
        MapSqlParameterSource args = new MapSqlParameterSource(days.getValues()).addValue("stage", kind.stage().name())
                .addValue("kept", kind.kept().name()).addValue("origin", kind.origin());
        // the open ones apart, a subquery of their own: in the union its plan read the stage's every deadline
        return jdbc.queryForObject("""
                select coalesce(sum(case when v.exit_stage = :kept and v.exited_ms <= v.deadline_ms then 1 else 0 end), 0) as on_time,
                       coalesce(sum(case when v.exited_ms is null or v.exited_ms > v.deadline_ms then 1 else 0 end), 0) as late,
                       (select count(*) from stage_visit v where v.stage = :stage and v.exited_ms is null
                        and v.deadline_ms + 0 >= :daysFrom and v.deadline_ms + 0 < :daysTo and v.deadline_origin = :origin
                        and v.entered_ms <= :to) as open_late
                from (select v.exit_stage, v.exited_ms, v.deadline_ms from stage_visit v
                      where v.stage = :stage and v.deadline_origin = :origin and v.deadline_ms >= :from and v.deadline_ms < :daysFrom
                        and v.entered_ms <= :to
                      union all
                      select v.exit_stage, v.exited_ms, v.deadline_ms from stage_visit v
                      where v.stage = :stage and v.deadline_origin = :origin and v.deadline_ms >= :daysTo and v.deadline_ms < :to
                        and v.entered_ms <= :to) v""",
                args, (rs, i) -> kept(tallied.onTime() + rs.getLong("on_time"),
                        tallied.late() + rs.getLong("late") + rs.getLong("open_late")));
    }

    /**
     * The rhythm's items due in the window: the closed ones due in its whole days from the tally (closed: answered, or
     * their visit ended), plus those due in its partial first and last days ({@code follow_up_due_due_idx}) and the
     * open ones due in its whole days, late ({@code follow_up_due_closed_idx}). Null when the tally cannot tell.
     */
    private Kept rhythmFromTally(Map<String, Tallied> tally, MapSqlParameterSource days) {
        Tallied tallied = tally.getOrDefault(SlaTally.RHYTHM, new Tallied(0, 0, false));
        if (tallied.unsure()) {
            return null;
        }
        return jdbc.queryForObject("""
                select coalesce(sum(case when r.next_ms is not null and r.next_ms <= r.due_ms then 1 else 0 end), 0) as on_time,
                       coalesce(sum(case when (r.next_ms is null or r.next_ms > r.due_ms)
                                          and (r.visit_exited_ms is null or r.visit_exited_ms > r.due_ms) then 1 else 0 end), 0) as late,
                       (select count(*) from follow_up_due r where r.closed_ms is null and r.due_ms >= :daysFrom
                        and r.due_ms < :daysTo and r.contact_ms <= :to) as open_late
                from (select r.next_ms, r.due_ms, r.visit_exited_ms from follow_up_due r
                      where r.due_ms >= :from and r.due_ms < :daysFrom and r.contact_ms <= :to
                      union all
                      select r.next_ms, r.due_ms, r.visit_exited_ms from follow_up_due r
                      where r.due_ms >= :daysTo and r.due_ms < :to and r.contact_ms <= :to) r""",
                days, (rs, i) -> kept(tallied.onTime() + rs.getLong("on_time"),
                        tallied.late() + rs.getLong("late") + rs.getLong("open_late")));
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
