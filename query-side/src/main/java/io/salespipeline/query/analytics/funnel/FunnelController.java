package io.salespipeline.query.analytics.funnel;

import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.visits.StageVisitProjection;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Stage;
import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.analytics.Csv;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.pipelines.PipelineDefinitions;
import io.salespipeline.query.visits.Amounts;
import io.salespipeline.query.analytics.Numbers;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The funnel of the leads registered in {@code [from, to)}: how many reached each stage by {@code to},
 * stage-to-stage conversion, and how the cohort stands at {@code to} (won, lost, disqualified, open).
 */
@RestController
@ReadsFrom(StageVisitProjection.PROCESSING_GROUP)
public class FunnelController {

    private static final List<Stage> FUNNEL = List.of(Stage.INQUIRY_RECEIVED, Stage.CONTACTED, Stage.OFFER_PREPARATION,
            Stage.OFFER_SENT, Stage.FOLLOW_UP, Stage.WON);

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

    private final NamedParameterJdbcTemplate jdbc;
    private final PipelineDefinitions pipelines;
    private final Clock clock;

    public FunnelController(NamedParameterJdbcTemplate jdbc, PipelineDefinitions pipelines, Clock clock) {
        this.jdbc = jdbc;
        this.pipelines = pipelines;
        this.clock = clock;
    }

    public record FunnelStage(Stage stage, long reached, Double conversion) {
    }

    public record Funnel(Instant from, Instant to, long cohort, List<FunnelStage> stages, long won,
                         Map<String, String> wonValue, long lost, long disqualified, long open, Double winRate,
                         Double medianDaysToWin) {
    }

    @GetMapping(value = "/api/analytics/funnel", produces = MediaType.APPLICATION_JSON_VALUE)
    public Funnel funnel(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                         @RequestParam(required = false) LeadSource source, @RequestParam(required = false) String owner,
                         @RequestParam(required = false) String pipeline) {
        AnalyticsWindow window = AnalyticsWindow.of(from, to, clock);
        MapSqlParameterSource params = new Filters(source, owner, pipeline)
                .bind(new MapSqlParameterSource("from", window.fromMs()).addValue("to", window.toMs()));
        Long cohort = jdbc.queryForObject(COHORT + "select count(*) from cohort", params, Long.class);
        Map<String, Long> reached = new HashMap<>();
        jdbc.query(COHORT + """
                select v.stage, count(distinct v.lead_id) as leads
                from stage_visit v join cohort c on c.lead_id = v.lead_id
                where v.entered_ms <= :to
                group by v.stage""", params, rs -> {
            reached.put(rs.getString("stage"), rs.getLong("leads"));
        });
        Map<String, Long> now = new HashMap<>();
        jdbc.query(COHORT + """
                select v.stage, count(*) as leads
                from stage_visit v join cohort c on c.lead_id = v.lead_id
                where v.entered_ms <= :to and (v.exited_ms is null or v.exited_ms > :to)
                group by v.stage""", params, rs -> {
            now.put(rs.getString("stage"), rs.getLong("leads"));
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

        List<FunnelStage> stages = new ArrayList<>();
        Long previous = null;
        // one pipeline's funnel runs through the stages it uses (its current version): a skipped stage is no step
        List<Stage> funnelStages = pipeline == null || pipeline.isBlank() ? FUNNEL : FUNNEL.stream()
                .filter(s -> pipelines.latest(pipeline).map(p -> p.definition().uses(s)).orElse(true)).toList();
        for (Stage stage : funnelStages) {
            long count = reached.getOrDefault(stage.name(), 0L);
            stages.add(new FunnelStage(stage, count, previous == null ? Double.valueOf(1.0) : Numbers.ratio(count, previous)));
            previous = count;
        }
        long won = now.getOrDefault("WON", 0L) + now.getOrDefault("AFTER_SALES", 0L);
        long lost = now.getOrDefault("LOST", 0L);
        long disqualified = now.getOrDefault("DISQUALIFIED", 0L);
        long open = cohort - won - lost - disqualified;
        return new Funnel(window.from(), window.to(), cohort, stages, won, wonValue, lost, disqualified, open,
                Numbers.ratio(won, won + lost + disqualified), Numbers.round(medianDays, 2));
    }

    @GetMapping(value = "/api/analytics/funnel", produces = Csv.MEDIA_TYPE)
    public String funnelCsv(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                            @RequestParam(required = false) LeadSource source, @RequestParam(required = false) String owner,
                            @RequestParam(required = false) String pipeline) {
        Funnel f = funnel(from, to, source, owner, pipeline);
        List<List<?>> rows = new ArrayList<>();
        f.stages().forEach(s -> rows.add(List.of("reached", s.stage(), s.reached(), s.conversion() == null ? "" : s.conversion())));
        rows.add(List.of("cohort", "", f.cohort(), ""));
        rows.add(List.of("won", "", f.won(), f.winRate() == null ? "" : f.winRate()));
        f.wonValue().forEach((currency, sum) -> rows.add(List.of("wonValue", currency, sum, "")));
        rows.add(List.of("lost", "", f.lost(), ""));
        rows.add(List.of("disqualified", "", f.disqualified(), ""));
        rows.add(List.of("open", "", f.open(), ""));
        rows.add(List.of("medianDaysToWin", "", f.medianDaysToWin() == null ? "" : f.medianDaysToWin(), ""));
        return Csv.of(List.of("measure", "stage", "value", "rate"), rows);
    }
}
