package io.salespipeline.query.analytics.sla;

import io.salespipeline.events.LeadSource;
import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.visits.StageVisitProjection;
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

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public SlaController(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Kept(long due, long onTime, long late, Double onTimeRate) {
    }

    public record Overdue(long offers, long followUps, long followUpRhythm) {
    }

    public record Sla(Instant from, Instant to, Kept offers, Kept followUps, Kept followUpRhythm, Overdue overdueNow) {
    }

    @GetMapping(value = "/api/analytics/sla", produces = MediaType.APPLICATION_JSON_VALUE)
    public Sla sla(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                   @RequestParam(required = false) String owner, @RequestParam(required = false) LeadSource source,
                   @RequestParam(required = false) String pipeline) {
        AnalyticsWindow window = AnalyticsWindow.of(from, to, clock);
        Filters filters = new Filters(source, owner, pipeline);
        MapSqlParameterSource params = filters.bind(new MapSqlParameterSource("from", window.fromMs()).addValue("to", window.toMs()));
        Kept offers = kept("OFFER_PREPARATION", "OFFER_SENT", "OFFER_PREPARATION", filters, params);
        Kept followUps = kept("OFFER_SENT", "FOLLOW_UP", "OFFER", filters, params);
        Kept rhythm = jdbc.queryForObject("""
                select sum(case when r.next_ms is not null and r.next_ms <= r.due_ms then 1 else 0 end) as on_time,
                       sum(case when (r.next_ms is null or r.next_ms > r.due_ms)
                                 and (v.exited_ms is null or v.exited_ms > r.due_ms) then 1 else 0 end) as late
                from follow_up_due r join stage_visit v on v.lead_id = r.lead_id and v.visit_no = r.visit_no
                where r.due_ms >= :from and r.due_ms < :to and r.contact_ms <= :to""" + filters.where("v", "r.due_ms"),
                params, (rs, i) -> kept(rs.getLong("on_time"), rs.getLong("late")));
        Overdue overdue = jdbc.queryForObject("""
                select sum(case when v.stage = 'OFFER_PREPARATION' then 1 else 0 end) as offers,
                       sum(case when v.stage = 'OFFER_SENT' then 1 else 0 end) as follow_ups
                from stage_visit v
                where v.stage in ('OFFER_PREPARATION', 'OFFER_SENT') and v.deadline_ms < :to
                  and v.entered_ms <= :to and (v.exited_ms is null or v.exited_ms > :to)""" + filters.where("v", ":to"),
                params, (rs, i) -> new Overdue(rs.getLong("offers"), rs.getLong("follow_ups"), 0));
        Long rhythmOverdue = jdbc.queryForObject("""
                select count(*) from follow_up_due r join stage_visit v on v.lead_id = r.lead_id and v.visit_no = r.visit_no
                where r.contact_ms <= :to and r.due_ms < :to and (r.next_ms is null or r.next_ms > :to)
                  and (v.exited_ms is null or v.exited_ms > :to)""" + filters.where("v", ":to"), params, Long.class);
        return new Sla(window.from(), window.to(), offers, followUps, rhythm,
                new Overdue(overdue.offers(), overdue.followUps(), rhythmOverdue == null ? 0 : rhythmOverdue));
    }

    @GetMapping(value = "/api/analytics/sla", produces = Csv.MEDIA_TYPE)
    public String slaCsv(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                         @RequestParam(required = false) String owner, @RequestParam(required = false) LeadSource source,
                         @RequestParam(required = false) String pipeline) {
        Sla sla = sla(from, to, owner, source, pipeline);
        return Csv.of(List.of("promise", "due", "onTime", "late", "onTimeRate", "overdueNow"), List.of(
                row("offers", sla.offers(), sla.overdueNow().offers()),
                row("followUps", sla.followUps(), sla.overdueNow().followUps()),
                row("followUpRhythm", sla.followUpRhythm(), sla.overdueNow().followUpRhythm())));
    }

    private static List<?> row(String name, Kept kept, long overdue) {
        return List.of(name, kept.due(), kept.onTime(), kept.late(), kept.onTimeRate() == null ? "" : kept.onTimeRate(), overdue);
    }

    /**
     * Visits of {@code stage} whose deadline (set by {@code origin}: a reopening's fresh deadline is a live
     * alert, not an SLA item) falls in the window: on time when they ended in {@code kept} at or before it,
     * late when the lead was still in the stage at the deadline.
     */
    private Kept kept(String stage, String kept, String origin, Filters filters, MapSqlParameterSource params) {
        return jdbc.queryForObject("""
                select sum(case when v.exit_stage = :kept and v.exited_ms <= v.deadline_ms then 1 else 0 end) as on_time,
                       sum(case when v.exited_ms is null or v.exited_ms > v.deadline_ms then 1 else 0 end) as late
                from stage_visit v
                where v.stage = :stage and v.deadline_origin = :origin and v.deadline_ms >= :from and v.deadline_ms < :to
                  and v.entered_ms <= :to""" + filters.where("v", "v.deadline_ms"),
                new MapSqlParameterSource(params.getValues()).addValue("stage", stage).addValue("kept", kept)
                        .addValue("origin", origin).addValue("source", params.getValue("source"), java.sql.Types.VARCHAR)
                        .addValue("owner", params.getValue("owner"), java.sql.Types.VARCHAR)
                        .addValue("pipeline", params.getValue("pipeline"), java.sql.Types.VARCHAR),
                (rs, i) -> kept(rs.getLong("on_time"), rs.getLong("late")));
    }

    private static Kept kept(long onTime, long late) {
        return new Kept(onTime + late, onTime, late, Numbers.ratio(onTime, onTime + late));
    }
}
