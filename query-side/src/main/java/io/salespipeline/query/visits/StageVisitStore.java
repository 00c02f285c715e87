package io.salespipeline.query.visits;

import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Money;
import io.salespipeline.events.Stage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Writes {@code visit_lead}, {@code stage_visit} and {@code lead_fact}. */
@Repository
public class StageVisitStore {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private final JdbcTemplate jdbc;

    public StageVisitStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What the projection keeps per lead to record its next event. */
    public record LeadState(String leadId, long version, LeadSource source, String owner, String companyName,
                            long registeredMs, Stage stage, int visitNo, Money offer, Money estimate) {
    }

    public record Visit(String leadId, int visitNo, Stage stage, LeadSource source, String owner, Instant enteredAt,
                        Instant deadline, String reason, String details, String competitor, Stage fromStage,
                        Money value) {
    }

    Optional<LeadState> lead(String leadId) {
        return jdbc.query("select * from visit_lead where lead_id = ?", (rs, i) -> new LeadState(
                rs.getString("lead_id"), rs.getLong("version"), LeadSource.valueOf(rs.getString("source")),
                rs.getString("owner"), rs.getString("company_name"), rs.getLong("registered_ms"),
                Stage.valueOf(rs.getString("stage")), rs.getInt("visit_no"),
                Amounts.money(rs.getBigDecimal("offer_amount"), rs.getString("offer_currency")),
                Amounts.money(rs.getBigDecimal("estimate_amount"), rs.getString("estimate_currency"))), leadId)
                .stream().findFirst();
    }

    void insertLead(LeadState lead) {
        jdbc.update("""
                        insert into visit_lead (version, source, owner, company_name, registered_ms, stage, visit_no,
                                                offer_amount, offer_currency, estimate_amount, estimate_currency, lead_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", leadValues(lead));
    }

    void updateLead(LeadState lead) {
        jdbc.update("""
                        update visit_lead set version = ?, source = ?, owner = ?, company_name = ?, registered_ms = ?,
                               stage = ?, visit_no = ?, offer_amount = ?, offer_currency = ?, estimate_amount = ?,
                               estimate_currency = ?
                        where lead_id = ?""", leadValues(lead));
    }

    void openVisit(Visit v) {
        jdbc.update("""
                        insert into stage_visit (lead_id, visit_no, stage, source, owner, entered_at, entered_ms,
                                                 entered_month, deadline_at, deadline_ms, reason, details, competitor,
                                                 from_stage, value_amount, value_currency)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                v.leadId(), v.visitNo(), v.stage().name(), v.source().name(), v.owner(), ts(v.enteredAt()),
                v.enteredAt().toEpochMilli(), MONTH.format(v.enteredAt()), ts(v.deadline()), ms(v.deadline()),
                v.reason(), v.details(), v.competitor(), v.fromStage() == null ? null : v.fromStage().name(),
                v.value() == null ? null : v.value().amount(), v.value() == null ? null : v.value().currency());
    }

    void closeVisit(String leadId, int visitNo, Instant exitedAt, Stage exitStage) {
        jdbc.update("update stage_visit set exited_at = ?, exited_ms = ?, exit_stage = ? where lead_id = ? and visit_no = ?",
                ts(exitedAt), exitedAt.toEpochMilli(), exitStage.name(), leadId, visitNo);
    }

    void reassignOpenVisit(String leadId, int visitNo, String owner) {
        jdbc.update("update stage_visit set owner = ? where lead_id = ? and visit_no = ?", owner, leadId, visitNo);
    }

    void valueFact(String leadId, long sequence, Instant at, String kind, Money value) {
        jdbc.update("insert into lead_fact (lead_id, sequence, kind, occurred_ms, amount, currency) values (?, ?, ?, ?, ?, ?)",
                leadId, sequence, kind, at.toEpochMilli(), value.amount(), value.currency());
    }

    /** A null action and due time: the next step was cleared. */
    void nextStepFact(String leadId, long sequence, Instant at, String action, Instant dueAt) {
        jdbc.update("insert into lead_fact (lead_id, sequence, kind, occurred_ms, action, due_at, due_ms) "
                + "values (?, ?, 'NEXT_STEP', ?, ?, ?, ?)", leadId, sequence, at.toEpochMilli(), action, ts(dueAt), ms(dueAt));
    }

    void ownerFact(String leadId, long sequence, Instant at, String owner) {
        jdbc.update("insert into lead_fact (lead_id, sequence, kind, occurred_ms, owner) values (?, ?, 'OWNER', ?, ?)",
                leadId, sequence, at.toEpochMilli(), owner);
    }

    void deleteAll() {
        jdbc.update("delete from lead_fact");
        jdbc.update("delete from stage_visit");
        jdbc.update("delete from visit_lead");
    }

    private static Object[] leadValues(LeadState l) {
        return new Object[]{l.version(), l.source().name(), l.owner(), l.companyName(), l.registeredMs(), l.stage().name(),
                l.visitNo(), l.offer() == null ? null : l.offer().amount(), l.offer() == null ? null : l.offer().currency(),
                l.estimate() == null ? null : l.estimate().amount(), l.estimate() == null ? null : l.estimate().currency(),
                l.leadId()};
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Long ms(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
