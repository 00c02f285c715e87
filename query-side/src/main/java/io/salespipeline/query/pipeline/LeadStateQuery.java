package io.salespipeline.query.pipeline;

import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Money;
import io.salespipeline.events.NextStep;
import io.salespipeline.events.Stage;
import io.salespipeline.query.visits.Amounts;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every lead's state as of an instant, from the stage visits and the facts before it: its stage and since
 * when, owner, value, next step and flags. Two queries whatever the number of leads: the visits open at
 * that instant, and the latest fact of each kind per lead.
 */
@Repository
public class LeadStateQuery {

    private final NamedParameterJdbcTemplate jdbc;

    public LeadStateQuery(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public enum Flag {
        NO_NEXT_STEP, NEXT_STEP_OVERDUE, OFFER_LATE, FOLLOW_UP_OVERDUE, NO_AFTER_SALES_PLAN
    }

    /** {@code usesAfterSales}: whether the lead's pipeline version has AFTER_SALES (null: not known yet). */
    public record LeadState(String leadId, String company, String owner, LeadSource source, String pipeline, Stage stage,
                            Instant enteredStageAt, double hoursInStage, Money value, NextStep nextStep,
                            Set<Flag> flags, Boolean usesAfterSales) {
    }

    /** Leads in one of {@code stages} as of {@code at}, of the source and pipeline given, oldest in their stage first. */
    public List<LeadState> asOf(Instant at, Collection<Stage> stages, LeadSource source, String pipeline) {
        long atMs = at.toEpochMilli();
        String open = """
                v.entered_ms <= :at and (v.exited_ms is null or v.exited_ms > :at) and v.stage in (:stages)
                """ + (source != null ? " and v.source = :source" : "") + (pipeline != null ? " and v.pipeline_key = :pipeline" : "");
        MapSqlParameterSource params = new MapSqlParameterSource("at", atMs)
                .addValue("stages", stages.stream().map(Enum::name).toList())
                .addValue("source", source == null ? null : source.name())
                .addValue("pipeline", pipeline);
        List<OpenVisit> visits = jdbc.query("""
                select v.lead_id, v.stage, v.source, v.pipeline_key, v.entered_at, v.entered_ms, v.deadline_ms, l.company_name,
                       p.uses_after_sales, p.after_sales_plan_within_ms
                from stage_visit v join visit_lead l on l.lead_id = v.lead_id
                left join pipeline_version p on p.pipeline_key = l.pipeline_key and p.version = l.pipeline_version
                where""" + " " + open + " order by v.entered_ms, v.lead_id", params, this::openVisit);
        if (visits.isEmpty()) {
            return List.of();
        }
        Map<String, Facts> facts = new HashMap<>();
        jdbc.query("""
                select lead_id, kind, amount, currency, action, due_at, due_ms, owner from (
                    select f.*, row_number() over (partition by f.lead_id, f.kind
                                                   order by f.occurred_ms desc, f.sequence desc) as rn
                    from lead_fact f
                    where f.occurred_ms <= :at and f.lead_id in (select v.lead_id from stage_visit v where""" + " " + open + """
                    )
                ) latest where rn = 1""", params, rs -> {
            Facts f = facts.computeIfAbsent(rs.getString("lead_id"), k -> new Facts());
            switch (rs.getString("kind")) {
                case "OFFER" -> f.offer = Amounts.money(rs.getBigDecimal("amount"), rs.getString("currency"));
                case "ESTIMATE" -> f.estimate = Amounts.money(rs.getBigDecimal("amount"), rs.getString("currency"));
                case "OWNER" -> f.owner = rs.getString("owner");
                case "NEXT_STEP" -> {
                    OffsetDateTime due = rs.getObject("due_at", OffsetDateTime.class);
                    f.nextStep = due == null ? null : new NextStep(rs.getString("action"), due.toInstant());
                }
                default -> { }
            }
        });
        List<LeadState> states = new ArrayList<>(visits.size());
        for (OpenVisit v : visits) {
            Facts f = facts.getOrDefault(v.leadId, new Facts());
            Set<Flag> flags = EnumSet.noneOf(Flag.class);
            if (!v.stage.isOnBoard()) {
                // won, lost and disqualified leads need no next step
            } else if (f.nextStep == null) {
                flags.add(Flag.NO_NEXT_STEP);
            } else if (f.nextStep.dueAt().toEpochMilli() < atMs) {
                flags.add(Flag.NEXT_STEP_OVERDUE);
            }
            // a won client without a plan for after-sales, once the pipeline's time for planning it has passed
            if (v.stage == Stage.WON && v.afterSalesPlanWithinMs != null && !Boolean.FALSE.equals(v.usesAfterSales)
                    && atMs - v.enteredMs >= v.afterSalesPlanWithinMs) {
                flags.add(Flag.NO_AFTER_SALES_PLAN);
            }
            if (v.deadlineMs != null && v.deadlineMs < atMs && v.stage.isOnBoard()) {
                if (v.stage == Stage.OFFER_PREPARATION) {
                    flags.add(Flag.OFFER_LATE);
                } else if (v.stage == Stage.OFFER_SENT) {
                    flags.add(Flag.FOLLOW_UP_OVERDUE);
                }
            }
            double hours = BigDecimal.valueOf(atMs - v.enteredMs).divide(BigDecimal.valueOf(3_600_000), 2, RoundingMode.HALF_UP)
                    .doubleValue();
            states.add(new LeadState(v.leadId, v.company, f.owner, v.source, v.pipeline, v.stage, v.enteredAt, hours,
                    f.offer != null ? f.offer : f.estimate, f.nextStep, flags, v.usesAfterSales));
        }
        return states;
    }

    private OpenVisit openVisit(ResultSet rs, int i) throws SQLException {
        long deadline = rs.getLong("deadline_ms");
        Long deadlineMs = rs.wasNull() ? null : deadline;
        boolean uses = rs.getBoolean("uses_after_sales");
        Boolean usesAfterSales = rs.wasNull() ? null : uses;
        long within = rs.getLong("after_sales_plan_within_ms");
        Long withinMs = rs.wasNull() ? null : within;
        return new OpenVisit(rs.getString("lead_id"), Stage.valueOf(rs.getString("stage")),
                LeadSource.valueOf(rs.getString("source")), rs.getString("pipeline_key"),
                rs.getObject("entered_at", OffsetDateTime.class).toInstant(), rs.getLong("entered_ms"), deadlineMs,
                rs.getString("company_name"), usesAfterSales, withinMs);
    }

    private record OpenVisit(String leadId, Stage stage, LeadSource source, String pipeline, Instant enteredAt,
                             long enteredMs, Long deadlineMs, String company, Boolean usesAfterSales,
                             Long afterSalesPlanWithinMs) {
    }

    private static final class Facts {
        Money offer;
        Money estimate;
        String owner;
        NextStep nextStep;
    }
}
