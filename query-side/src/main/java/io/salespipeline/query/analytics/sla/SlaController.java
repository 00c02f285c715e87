package io.salespipeline.query.analytics.sla;

import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.visits.StageVisitProjection;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.analytics.Csv;
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
 * The two promises of the process, judged by business times: offers delivered by the promised time, and
 * first follow-ups by their due time, for the promises and due times in {@code [from, to)}; and what is
 * overdue at {@code to}.
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

    public record Overdue(long offers, long followUps) {
    }

    public record Sla(Instant from, Instant to, Kept offers, Kept followUps, Overdue overdueNow) {
    }

    @GetMapping(value = "/api/analytics/sla", produces = MediaType.APPLICATION_JSON_VALUE)
    public Sla sla(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                   @RequestParam(required = false) String owner) {
        AnalyticsWindow window = AnalyticsWindow.of(from, to, clock);
        MapSqlParameterSource params = new MapSqlParameterSource("from", window.fromMs()).addValue("to", window.toMs())
                .addValue("owner", owner, java.sql.Types.VARCHAR);
        Kept offers = kept("OFFER_PREPARATION", "OFFER_SENT", params);
        Kept followUps = kept("OFFER_SENT", "FOLLOW_UP", params);
        Overdue overdue = jdbc.queryForObject("""
                select sum(case when stage = 'OFFER_PREPARATION' then 1 else 0 end) as offers,
                       sum(case when stage = 'OFFER_SENT' then 1 else 0 end) as follow_ups
                from stage_visit
                where stage in ('OFFER_PREPARATION', 'OFFER_SENT') and deadline_ms < :to
                  and entered_ms <= :to and (exited_ms is null or exited_ms > :to)
                  and (:owner is null or owner = :owner)""", params,
                (rs, i) -> new Overdue(rs.getLong("offers"), rs.getLong("follow_ups")));
        return new Sla(window.from(), window.to(), offers, followUps, overdue);
    }

    @GetMapping(value = "/api/analytics/sla", produces = Csv.MEDIA_TYPE)
    public String slaCsv(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                         @RequestParam(required = false) String owner) {
        Sla sla = sla(from, to, owner);
        return Csv.of(List.of("promise", "due", "onTime", "late", "onTimeRate", "overdueNow"), List.of(
                List.of("offers", sla.offers().due(), sla.offers().onTime(), sla.offers().late(),
                        sla.offers().onTimeRate() == null ? "" : sla.offers().onTimeRate(), sla.overdueNow().offers()),
                List.of("followUps", sla.followUps().due(), sla.followUps().onTime(), sla.followUps().late(),
                        sla.followUps().onTimeRate() == null ? "" : sla.followUps().onTimeRate(),
                        sla.overdueNow().followUps())));
    }

    /**
     * Visits of {@code stage} whose deadline falls in the window: on time when they ended in {@code kept}
     * at or before it, late when the lead was still in the stage at the deadline.
     */
    private Kept kept(String stage, String kept, MapSqlParameterSource params) {
        return jdbc.queryForObject("""
                select sum(case when exit_stage = :kept and exited_ms <= deadline_ms then 1 else 0 end) as on_time,
                       sum(case when exited_ms is null or exited_ms > deadline_ms then 1 else 0 end) as late
                from stage_visit
                where stage = :stage and deadline_ms >= :from and deadline_ms < :to
                  and (:owner is null or owner = :owner)""",
                new MapSqlParameterSource(params.getValues()).addValue("stage", stage).addValue("kept", kept)
                        .addValue("owner", params.getValue("owner"), java.sql.Types.VARCHAR),
                (rs, i) -> {
                    long onTime = rs.getLong("on_time");
                    long late = rs.getLong("late");
                    return new Kept(onTime + late, onTime, late, Numbers.ratio(onTime, onTime + late));
                });
    }
}
