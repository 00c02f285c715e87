package io.salespipeline.query.visits;

import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Money;
import io.salespipeline.events.Stage;
import io.salespipeline.query.projection.ProjectionBatch;
import io.salespipeline.query.projection.ProjectionTables;
import io.salespipeline.query.projection.Rows;
import io.salespipeline.query.projection.TableNames;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes {@code visit_lead}, {@code stage_visit}, {@code funnel_lead}, {@code follow_up_due}, {@code board_period},
 * {@code lead_fact} and the tallies ({@link LeadTally}, {@link EntryTally}, {@link LossTally},
 * {@link DurationTally}, {@link FunnelTally}, {@link SlaTally}), per processor batch ({@link ProjectionBatch}): a lead's state once per batch, a visit or a
 * funnel row the batch creates once (with what the batch's later events made of it), the rest in as few round
 * trips as the statements' order allows.
 */
@Repository
public class StageVisitStore {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private static final String KEY = "visit_lead:";
    /** The batch's state of a visit opened in it: {@link PendingVisit} until written, then {@link #WRITTEN}. */
    private static final String VISIT = "stage_visit:";
    /** The batch's state of a lead's funnel row created in it: {@link PendingFunnel} until written, then {@link #WRITTEN}. */
    private static final String FUNNEL = "funnel_lead:";
    /** The stages with a first-entry column in {@code funnel_lead} (all but INQUIRY_RECEIVED: the registration). */
    private static final List<Stage> REACHED = java.util.Arrays.stream(Stage.values()).filter(s -> s != Stage.INQUIRY_RECEIVED).toList();
    private static final Object WRITTEN = new Object();
    /** The batch's losses (and disqualifications) written before it that ended in it: taken off {@code loss_tally}. */
    private static final String ENDED_LOSSES = "loss_tally:ended";
    /** The batch's visits written before it that ended in it: counted in {@code duration_tally}. */
    private static final String COMPLETED = "duration_tally:completed";

    /** The batch's state of a lead's funnel row written before it, for the funnel's tallies: {@link StoredFunnel}. */
    private static final String FUNNEL_STATE = "funnel_tally:";

    /**
     * A lead's funnel row as the tallies count it: now, and as {@code funnel_lead} holds it; and as the lead stood at
     * the end of its cohort ({@code cohortEnd}: {@link FunnelTally#cohortEnd}), likewise (null: a row V3_42 gave none,
     * of a lead registered before 1970, counted in no month's tally).
     */
    private record StoredFunnel(long registeredMs, FunnelTally.State state, FunnelTally.State inDatabase,
                                Long cohortEnd, FunnelTally.State monthEnd, FunnelTally.State monthEndInDatabase) {

        /** As written: what the row holds is what the lead is. */
        StoredFunnel written() {
            return new StoredFunnel(registeredMs, state, state, cohortEnd, monthEnd, monthEnd);
        }

        /** After the lead entered {@code entered} at {@code at}: at the end of its cohort too, if that is not past. */
        StoredFunnel entered(Stage entered, long at, Money value) {
            FunnelTally.State now = state.entered(entered, at, registeredMs, value);
            boolean byCohortEnd = cohortEnd != null && at <= cohortEnd;
            return new StoredFunnel(registeredMs, now, inDatabase, cohortEnd, byCohortEnd ? now : monthEnd, monthEndInDatabase);
        }
    }

    /** A visit of {@code stage} written before the batch that completed in it: entered, ended. */
    private record Completed(Stage stage, long enteredMs, long exitedMs) {
    }

    /** The outcomes of the SLA items the batch closed that were written before it: counted in {@code sla_tally}. */
    private static final String SLA_CLOSED = "sla_tally:closed";
    /** The batch's state of a lead's current visit, as an SLA item: {@link VisitDeadline}. */
    private static final String VISIT_DEADLINE = "sla_tally:visit:";
    /** The batch's state of a lead's open rhythm item: {@link OpenRhythm} (none: null). */
    private static final String OPEN_RHYTHM = "sla_tally:rhythm:";

    /** An SLA item of {@code kind}, due at {@code dueMs} and begun at {@code beganMs}, that closed with {@code outcome}. */
    private record SlaOutcome(String kind, String outcome, long dueMs, long beganMs) {
    }

    /** The deadline of the lead's visit {@code visitNo} and what set it (none: nulls). */
    private record VisitDeadline(int visitNo, String origin, Long deadlineMs) {
    }

    /**
     * The lead's rhythm item waiting for the next follow-up: of visit {@code visitNo}, set by the contact at
     * {@code contactMs}, due at {@code dueMs}.
     */
    private record OpenRhythm(int visitNo, long contactMs, long dueMs) {
    }

    static final List<String> TABLES = ProjectionTables.of(StageVisitProjection.PROCESSING_GROUP).tables();

    private final JdbcTemplate jdbc;
    private final TableNames tables;
    private final ProjectionBatch.Writer writer;

    @Autowired
    public StageVisitStore(JdbcTemplate jdbc) {
        this(jdbc, "");
    }

    /** Writing into the tables under {@code suffix} (a rebuild's fresh tables). */
    StageVisitStore(JdbcTemplate jdbc, String suffix) {
        this.jdbc = jdbc;
        this.tables = new TableNames(TABLES, suffix);
        this.writer = new ProjectionBatch.Writer(StageVisitProjection.PROCESSING_GROUP + suffix, jdbc);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /**
     * A visit opened in this batch, not written yet, and its end if it ended in the batch too: written once, at the
     * end of the batch, instead of inserted open and updated when it ends (in a rebuild, where a lead's events come
     * together, most visits end in the batch that opens them).
     */
    private record PendingVisit(Visit visit, Instant exitedAt, Stage exitStage) {
    }

    /**
     * A lead's funnel row created in this batch (registered in it), not written yet, with what the batch's later
     * stage changes made of it: written once, instead of inserted and updated at every stage change.
     */
    private record PendingFunnel(String leadId, long registeredMs, String source, String pipelineKey, Stage stage,
                                 long stageEnteredMs, Map<Stage, Long> reached, Long lastWonMs, Money wonValue, boolean onePass,
                                 long cohortEnd, FunnelTally.State monthEnd) {

        /** The row of a lead registered at {@code registeredMs}, into {@code stage}. */
        static PendingFunnel registered(String leadId, long registeredMs, String source, String pipelineKey, Stage stage) {
            PendingFunnel registered = new PendingFunnel(leadId, registeredMs, source, pipelineKey, stage, registeredMs, Map.of(),
                    null, null, true, FunnelTally.cohortEnd(registeredMs), null);
            return registered.withMonthEnd(registered.state());
        }

        private PendingFunnel withMonthEnd(FunnelTally.State state) {
            return new PendingFunnel(leadId, registeredMs, source, pipelineKey, stage, stageEnteredMs, reached, lastWonMs,
                    wonValue, onePass, cohortEnd, state);
        }

        /** The row as the funnel's tallies count it. */
        FunnelTally.State state() {
            int reachedBits = 0;
            for (Stage stage : reached.keySet()) {
                reachedBits |= FunnelTally.bit(stage);
            }
            return new FunnelTally.State(stage, reachedBits, winSpanMs(), wonValue);
        }

        /** The time to win while the lead is won (last win less registration), else null: {@code win_span_ms}. */
        Long winSpanMs() {
            return (stage == Stage.WON || stage == Stage.AFTER_SALES) && lastWonMs != null ? lastWonMs - registeredMs : null;
        }

        /**
         * As the updates of {@link #funnel} change the row: the stage now, its first entry, the last win; still one
         * pass if the stage is a first entry, after the stage before.
         */
        PendingFunnel entered(Stage entered, long at, Money value) {
            Map<Stage, Long> firsts = new java.util.EnumMap<>(Stage.class);
            firsts.putAll(reached);
            boolean stillOnePass = onePass && entered != Stage.INQUIRY_RECEIVED && !reached.containsKey(entered) && at > stageEnteredMs;
            if (entered != Stage.INQUIRY_RECEIVED) {
                firsts.putIfAbsent(entered, at);
            }
            PendingFunnel next = entered == Stage.WON
                    ? new PendingFunnel(leadId, registeredMs, source, pipelineKey, entered, at, firsts, at, value, stillOnePass,
                    cohortEnd, monthEnd)
                    : new PendingFunnel(leadId, registeredMs, source, pipelineKey, entered, at, firsts, lastWonMs, wonValue,
                    stillOnePass, cohortEnd, monthEnd);
            // the lead's state at its cohort's end is its state after its last event by then
            return at <= cohortEnd ? next.withMonthEnd(next.state()) : next;
        }
    }

    /** A lead's state, and the one {@code visit_lead} holds for it (null: no row yet). */
    private record Stored(LeadState state, LeadState inDatabase) {
    }

    /**
     * What the projection keeps per lead to record its next event; {@code board}: what the board shows of it
     * besides stage, owner and value, and since when all of that is as it is.
     */
    public record LeadState(String leadId, long version, LeadSource source, String pipelineKey, int pipelineVersion,
                            String owner, String companyName, long registeredMs, Stage stage, int visitNo, Money offer,
                            Money estimate, Board board) {

        /** The value the board shows: the latest offer (after revisions), else the qualification's estimate. */
        public Money value() {
            return offer != null ? offer : estimate;
        }
    }

    /**
     * A lead's board state besides its stage, owner and value: since when it is in its stage, its next step
     * (none: null action and due time), the deadline of its visit; {@code fromMs}: since when the whole board
     * state is what it is.
     */
    public record Board(long fromMs, Instant stageEnteredAt, String nextAction, Instant nextDueAt, Instant deadline) {
    }

    /** The upper bound of each span class of {@code board_period} (class k: at most 4^k hours), class 9 unbounded. */
    public static final long[] SPAN_CLASS_MAX_MS = spanClasses();

    private static long[] spanClasses() {
        long[] max = new long[9];
        long hour = 3_600_000L;
        for (int k = 0; k < max.length; k++) {
            max[k] = hour;
            hour *= 4;
        }
        return max;
    }

    static int spanClass(long lengthMs) {
        for (int k = 0; k < SPAN_CLASS_MAX_MS.length; k++) {
            if (lengthMs <= SPAN_CLASS_MAX_MS[k]) {
                return k;
            }
        }
        return SPAN_CLASS_MAX_MS.length;
    }

    /**
     * A visit. {@code owner}: the owner when it started (analytics ask {@code lead_owner_period} for the
     * owner at the moment that decides each number). {@code value}: at a loss the lead's value, at a win the
     * final value.
     */
    public record Visit(String leadId, int visitNo, Stage stage, LeadSource source, String pipelineKey, String owner,
                        Instant enteredAt, Instant deadline, String deadlineOrigin, String reason, String details,
                        String competitor, Stage fromStage, Money value) {
    }

    /**
     * The lead as this projection knows it: from this batch's earlier events of the lead, else from
     * {@code visit_lead}, loaded for every lead of the batch at once.
     */
    Optional<LeadState> lead(String leadId) {
        ProjectionBatch batch = writer.current();
        String key = KEY + leadId;
        if (!batch.knows(key)) {
            Set<String> leads = new LinkedHashSet<>(batch.leadsInBatch());
            leads.add(leadId);
            load(batch, leads);
        }
        Stored stored = batch.get(key);
        return stored == null ? Optional.empty() : Optional.of(stored.state());
    }

    /**
     * The leads' states from {@code visit_lead}; in the live tables also what the SLA tally needs to count an item
     * when it closes, in the same statement: the deadline's origin of the current visit and its open rhythm item.
     */
    private void load(ProjectionBatch batch, Set<String> leads) {
        boolean live = tables.suffix().isEmpty();
        String select = live ? """
                select v.*, (select s.deadline_origin from stage_visit s where s.lead_id = v.lead_id and s.visit_no = v.visit_no)
                              as sla_deadline_origin,
                            (select max(r.due_ms) from follow_up_due r where r.lead_id = v.lead_id and r.visit_no = v.visit_no
                             and r.closed_ms is null) as sla_rhythm_due,
                            (select max(r.contact_ms) from follow_up_due r where r.lead_id = v.lead_id and r.visit_no = v.visit_no
                             and r.closed_ms is null) as sla_rhythm_contact
                from visit_lead v where v.lead_id in (""" : "select * from visit_lead where lead_id in (";
        for (List<String> chunk : Rows.chunks(leads, 500)) {
            jdbc.query(tables.sql(select + Rows.placeholders(chunk.size()) + ")"),
                    rs -> {
                        LeadState state = new LeadState(rs.getString("lead_id"), rs.getLong("version"),
                                LeadSource.valueOf(rs.getString("source")), rs.getString("pipeline_key"),
                                rs.getInt("pipeline_version"), rs.getString("owner"), rs.getString("company_name"),
                                rs.getLong("registered_ms"), Stage.valueOf(rs.getString("stage")), rs.getInt("visit_no"),
                                Amounts.money(rs.getBigDecimal("offer_amount"), rs.getString("offer_currency")),
                                Amounts.money(rs.getBigDecimal("estimate_amount"), rs.getString("estimate_currency")),
                                board(rs));
                        batch.loaded(KEY + state.leadId(), new Stored(state, state));
                        if (live) {
                            Instant deadline = state.board().deadline();
                            batch.loaded(VISIT_DEADLINE + state.leadId(), new VisitDeadline(state.visitNo(),
                                    rs.getString("sla_deadline_origin"), deadline == null ? null : deadline.toEpochMilli()));
                            long due = rs.getLong("sla_rhythm_due");
                            batch.loaded(OPEN_RHYTHM + state.leadId(), rs.wasNull() ? null
                                    : new OpenRhythm(state.visitNo(), rs.getLong("sla_rhythm_contact"), due));
                        }
                    }, chunk.toArray());
        }
        leads.forEach(lead -> batch.loaded(KEY + lead, null));
    }

    private static Board board(java.sql.ResultSet rs) throws java.sql.SQLException {
        long registered = rs.getLong("registered_ms");
        long from = rs.getLong("state_from_ms");
        boolean noFrom = rs.wasNull();
        Instant entered = instant(rs, "stage_entered_at");
        String action = rs.getString("next_action");
        Instant due = instant(rs, "next_due_at");
        long deadline = rs.getLong("deadline_ms");
        boolean noDeadline = rs.wasNull();
        return new Board(noFrom ? registered : from, entered != null ? entered : Instant.ofEpochMilli(registered), action,
                due, noDeadline ? null : Instant.ofEpochMilli(deadline));
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        java.time.OffsetDateTime value = rs.getObject(column, java.time.OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The board state {@code before} ended at {@code untilMs}: one closed period (appended, no round trip of its own). */
    void boardPeriod(LeadState before, long untilMs) {
        Board b = before.board();
        Money value = before.value();
        writer.current().append(tables.sql("""
                        insert into board_period (lead_id, from_ms, until_ms, span_class, stage, source, pipeline_key,
                                                  pipeline_version, owner, stage_entered_at, stage_entered_ms, value_amount,
                                                  value_currency, next_action, next_due_at, next_due_ms, deadline_ms)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""),
                before.leadId(), b.fromMs(), untilMs, spanClass(untilMs - b.fromMs()), before.stage().name(),
                before.source().name(), before.pipelineKey(), before.pipelineVersion(), before.owner(),
                ts(b.stageEnteredAt()), b.stageEnteredAt().toEpochMilli(), value == null ? null : value.amount(),
                value == null ? null : value.currency(), b.nextAction(), ts(b.nextDueAt()), ms(b.nextDueAt()),
                ms(b.deadline()));
    }

    void insertLead(LeadState lead) {
        writer.current().put(KEY + lead.leadId(), new Stored(lead, null));
    }

    void updateLead(LeadState lead) {
        ProjectionBatch batch = writer.current();
        Stored before = batch.get(KEY + lead.leadId());
        batch.put(KEY + lead.leadId(), new Stored(lead, before == null ? null : before.inDatabase()));
    }

    /** The leads' states as they end the batch, once each; and the tallies of the live tables, by what changed. */
    private void writeStates(ProjectionBatch batch, Map<String, Object> states) {
        // a rebuild's fresh tables get their tallies once filled (stage-visits.rebuilt.sql), not per batch: its
        // segments would wait on each other's locks of the same few rows; so it counts nothing here
        boolean live = tables.suffix().isEmpty();
        List<Visit> endedLosses = batch.get(ENDED_LOSSES);
        List<Completed> completed = batch.get(COMPLETED);
        DurationTally.Changes durations = new DurationTally.Changes();
        FunnelTally.Changes funnels = new FunnelTally.Changes();
        LeadTally.Changes tally = new LeadTally.Changes();
        EntryTally.Changes entries = new EntryTally.Changes();
        LossTally.Changes losses = new LossTally.Changes();
        SlaTally.Changes slas = new SlaTally.Changes();
        states.forEach((key, value) -> {
            if (value instanceof PendingVisit pending) {
                insertVisit(batch, pending);
                if (!live) {
                    // counted once the rebuild's tables are full
                } else if (pending.exitedAt() == null) {
                    losses.add(pending.visit());
                } else {
                    durations.add(pending.visit().stage(), pending.visit().enteredAt().toEpochMilli(), pending.exitedAt().toEpochMilli());
                    Visit v = pending.visit();
                    slas.add(v.stage().name(), SlaTally.visitOutcome(v.stage(), v.deadlineOrigin(), ms(v.deadline()),
                            pending.exitedAt().toEpochMilli(), pending.exitStage()), ms(v.deadline()), v.enteredAt().toEpochMilli());
                }
                batch.stored(key, WRITTEN);
                return;
            }
            if (value instanceof PendingFunnel funnel) {
                insertFunnel(batch, funnel);
                batch.stored(key, WRITTEN);
                if (live) {
                    funnels.add(funnel.state());
                    funnels.addMonthEnd(funnel.cohortEnd(), funnel.monthEnd());
                    // the lead's next events (one at a time, after a failure) find the row as written
                    batch.stored(FUNNEL_STATE + funnel.leadId(), new StoredFunnel(funnel.registeredMs(), funnel.state(), funnel.state(),
                            funnel.cohortEnd(), funnel.monthEnd(), funnel.monthEnd()));
                }
                return;
            }
            if (value instanceof StoredFunnel funnel) {
                if (!funnel.state().equals(funnel.inDatabase())) {
                    funnels.remove(funnel.inDatabase());
                    funnels.add(funnel.state());
                }
                if (funnel.cohortEnd() != null && !funnel.monthEnd().equals(funnel.monthEndInDatabase())) {
                    funnels.removeMonthEnd(funnel.cohortEnd(), funnel.monthEndInDatabase());
                    funnels.addMonthEnd(funnel.cohortEnd(), funnel.monthEnd());
                }
                batch.stored(key, funnel.written());
                return;
            }
            if (!key.startsWith(KEY)) {
                return;
            }
            Stored stored = (Stored) value;
            LeadState lead = stored.state();
            if (stored.inDatabase() != null) {
                batch.write(lead.leadId(), tables.sql("""
                        update visit_lead set version = ?, source = ?, owner = ?, company_name = ?, registered_ms = ?,
                               stage = ?, visit_no = ?, offer_amount = ?, offer_currency = ?, estimate_amount = ?,
                               estimate_currency = ?, pipeline_key = ?, pipeline_version = ?, state_from_ms = ?,
                               stage_entered_at = ?, stage_entered_ms = ?, next_action = ?, next_due_at = ?,
                               next_due_ms = ?, deadline_ms = ?
                        where lead_id = ?"""), leadValues(lead));
                if (live) {
                    tally.remove(stored.inDatabase());
                    entries.remove(stored.inDatabase());
                }
            } else {
                batch.write(lead.leadId(), tables.sql("""
                        insert into visit_lead (version, source, owner, company_name, registered_ms, stage, visit_no,
                                                offer_amount, offer_currency, estimate_amount, estimate_currency,
                                                pipeline_key, pipeline_version, state_from_ms, stage_entered_at,
                                                stage_entered_ms, next_action, next_due_at, next_due_ms, deadline_ms,
                                                lead_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""), leadValues(lead));
            }
            if (live) {
                tally.add(lead);
                entries.add(lead);
            }
            batch.stored(key, new Stored(lead, lead));
        });
        if (live) {
            tally.write(batch, tables);
            entries.write(batch, tables);
            if (endedLosses != null) {
                endedLosses.forEach(losses::remove);
                batch.stored(ENDED_LOSSES, null); // taken off once
            }
            losses.write(batch, tables);
            if (completed != null) {
                completed.forEach(c -> durations.add(c.stage(), c.enteredMs(), c.exitedMs()));
                batch.stored(COMPLETED, null); // counted once
            }
            durations.write(batch, tables);
            funnels.write(batch, tables);
            List<SlaOutcome> closed = batch.get(SLA_CLOSED);
            if (closed != null) {
                closed.forEach(c -> slas.add(c.kind(), c.outcome(), c.dueMs(), c.beganMs()));
                batch.stored(SLA_CLOSED, null); // counted once
            }
            slas.write(batch, tables);
        }
    }

    /** The month of an instant as {@code stage_visit.entered_month} holds it ({@code 2026-03}, UTC). */
    static String month(Instant at) {
        return MONTH.format(at);
    }

    /** Runs the handling of one event in the batch: undone if it fails (see {@link ProjectionBatch#event}). */
    void event(Runnable handling) {
        ProjectionBatch batch = writer.current();
        batch.onWriteStatesOnce(KEY, states -> writeStates(batch, states));
        batch.event(handling);
    }

    void openVisit(Visit v) {
        writer.current().put(visitKey(v.leadId(), v.visitNo()), new PendingVisit(v, null, null));
        if (tables.suffix().isEmpty()) {
            writer.current().put(VISIT_DEADLINE + v.leadId(), new VisitDeadline(v.visitNo(), v.deadlineOrigin(), ms(v.deadline())));
        }
        funnel(v);
    }

    private static String visitKey(String leadId, int visitNo) {
        return VISIT + leadId + ":" + visitNo;
    }

    private void insertVisit(ProjectionBatch batch, PendingVisit pending) {
        Visit v = pending.visit();
        batch.write(v.leadId(), tables.sql("""
                        insert into stage_visit (lead_id, visit_no, stage, source, pipeline_key, owner, entered_at, entered_ms,
                                                 entered_month, deadline_at, deadline_ms, deadline_origin, reason, details,
                                                 competitor, from_stage, value_amount, value_currency, exited_at, exited_ms,
                                                 exit_stage, duration_ms, duration_bucket, exited_month)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""),
                v.leadId(), v.visitNo(), v.stage().name(), v.source().name(), v.pipelineKey(), v.owner(), ts(v.enteredAt()),
                v.enteredAt().toEpochMilli(), month(v.enteredAt()), ts(v.deadline()), ms(v.deadline()), v.deadlineOrigin(),
                v.reason(), v.details(), v.competitor(), v.fromStage() == null ? null : v.fromStage().name(),
                v.value() == null ? null : v.value().amount(), v.value() == null ? null : v.value().currency(),
                ts(pending.exitedAt()), ms(pending.exitedAt()), pending.exitStage() == null ? null : pending.exitStage().name(),
                pending.exitedAt() == null ? null : length(pending),
                pending.exitedAt() == null ? null : DurationTally.bucket(length(pending)),
                pending.exitedAt() == null ? null : Months.of(pending.exitedAt().toEpochMilli()));
    }

    private static long length(PendingVisit pending) {
        return pending.exitedAt().toEpochMilli() - pending.visit().enteredAt().toEpochMilli();
    }

    /**
     * The lead's row of {@code funnel_lead}: created with its first visit (the registration), then its stage now,
     * the first entry into each stage and the last win.
     */
    private void funnel(Visit v) {
        long entered = v.enteredAt().toEpochMilli();
        ProjectionBatch batch = writer.current();
        String key = FUNNEL + v.leadId();
        if (v.visitNo() == 0) {
            batch.put(key, PendingFunnel.registered(v.leadId(), entered, v.source().name(), v.pipelineKey(), v.stage()));
        } else if (batch.get(key) instanceof PendingFunnel pending) {
            batch.put(key, pending.entered(v.stage(), entered, v.value()));
        } else {
            if (v.stage() == Stage.WON) {
                BigDecimal amount = v.value() == null ? null : v.value().amount();
                String currency = v.value() == null ? null : v.value().currency();
                batch.write(v.leadId(), tables.sql("""
                                update funnel_lead set stage = ?, stage_entered_ms = ?,
                                       one_pass = (one_pass and won_ms is null and stage_entered_ms < ?), won_ms = coalesce(won_ms, ?),
                                       last_won_ms = ?, won_amount = ?, won_currency = ?, win_span_ms = ? - registered_ms,
                                       month_end_stage = case when cohort_end_ms >= ? then 'WON' else month_end_stage end,
                                       month_end_win_span_ms = case when cohort_end_ms >= ? then ? - registered_ms else month_end_win_span_ms end,
                                       month_end_won_amount = case when cohort_end_ms >= ? then cast(? as numeric(19, 4)) else month_end_won_amount end,
                                       month_end_won_currency = case when cohort_end_ms >= ? then cast(? as varchar(3)) else month_end_won_currency end
                                where lead_id = ?"""),
                        v.stage().name(), entered, entered, entered, entered, amount, currency, entered,
                        entered, entered, entered, entered, amount, entered, currency, v.leadId());
            } else if (v.stage() == Stage.INQUIRY_RECEIVED) {
                batch.write(v.leadId(), tables.sql(FUNNEL_REACHED.get(v.stage())), v.stage().name(), entered, entered, entered, v.leadId());
            } else if (v.stage() == Stage.AFTER_SALES) {
                // the time to win is kept (AFTER_SALES follows WON)
                batch.write(v.leadId(), tables.sql(FUNNEL_REACHED.get(v.stage())), v.stage().name(), entered, entered, entered, entered, v.leadId());
            } else {
                batch.write(v.leadId(), tables.sql(FUNNEL_REACHED.get(v.stage())), v.stage().name(), entered, entered, entered, entered, entered, v.leadId());
            }
            if (tables.suffix().isEmpty()) {
                StoredFunnel stored = storedFunnel(batch, v.leadId());
                if (stored != null) {
                    batch.put(FUNNEL_STATE + v.leadId(), stored.entered(v.stage(), entered, v.value()));
                }
            }
        }
    }

    /**
     * A lead's funnel row written before this batch, as the tallies count it: from this batch's earlier events of the
     * lead, else from {@code funnel_lead}, loaded for every lead of the batch at once.
     */
    private StoredFunnel storedFunnel(ProjectionBatch batch, String leadId) {
        if (!batch.knows(FUNNEL_STATE + leadId)) {
            Set<String> leads = new LinkedHashSet<>(batch.leadsInBatch());
            leads.add(leadId);
            for (List<String> chunk : Rows.chunks(leads, 500)) {
                jdbc.query(tables.sql("select lead_id, registered_ms, stage, " + REACHED.stream().map(StageVisitStore::reachedColumn)
                                .collect(java.util.stream.Collectors.joining(", ")) + ", win_span_ms, won_amount, won_currency, cohort_end_ms,"
                                + " month_end_stage, month_end_win_span_ms, month_end_won_amount, month_end_won_currency"
                                + " from funnel_lead where lead_id in (" + Rows.placeholders(chunk.size()) + ")"),
                        rs -> {
                            long cohortEnd = rs.getLong("cohort_end_ms");
                            boolean inCohortTally = !rs.wasNull();
                            int reached = 0;
                            int reachedByCohortEnd = 0;
                            for (Stage stage : REACHED) {
                                long first = rs.getLong(reachedColumn(stage));
                                if (!rs.wasNull()) {
                                    reached |= FunnelTally.bit(stage);
                                    reachedByCohortEnd |= first <= cohortEnd ? FunnelTally.bit(stage) : 0;
                                }
                            }
                            long span = rs.getLong("win_span_ms");
                            FunnelTally.State state = new FunnelTally.State(Stage.valueOf(rs.getString("stage")), reached,
                                    rs.wasNull() ? null : span, Amounts.money(rs.getBigDecimal("won_amount"), rs.getString("won_currency")));
                            FunnelTally.State monthEnd = null;
                            if (inCohortTally) {
                                long monthEndSpan = rs.getLong("month_end_win_span_ms");
                                monthEnd = new FunnelTally.State(Stage.valueOf(rs.getString("month_end_stage")), reachedByCohortEnd,
                                        rs.wasNull() ? null : monthEndSpan,
                                        Amounts.money(rs.getBigDecimal("month_end_won_amount"), rs.getString("month_end_won_currency")));
                            }
                            batch.loaded(FUNNEL_STATE + rs.getString("lead_id"), new StoredFunnel(rs.getLong("registered_ms"), state, state,
                                    inCohortTally ? cohortEnd : null, monthEnd, monthEnd));
                        }, chunk.toArray());
            }
            leads.forEach(lead -> batch.loaded(FUNNEL_STATE + lead, null));
        }
        return batch.get(FUNNEL_STATE + leadId);
    }

    private static final String INSERT_FUNNEL = "insert into funnel_lead (lead_id, registered_ms, source, pipeline_key, stage, stage_entered_ms, "
            + REACHED.stream().map(StageVisitStore::reachedColumn).collect(java.util.stream.Collectors.joining(", "))
            + ", last_won_ms, won_amount, won_currency, win_span_ms, one_pass, cohort_end_ms, month_end_stage, month_end_win_span_ms,"
            + " month_end_won_amount, month_end_won_currency) values (?, ?, ?, ?, ?, ?, "
            + REACHED.stream().map(s -> "?").collect(java.util.stream.Collectors.joining(", ")) + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private void insertFunnel(ProjectionBatch batch, PendingFunnel f) {
        List<Object> values = new java.util.ArrayList<>(List.of(f.leadId(), f.registeredMs(), f.source(), f.pipelineKey(),
                f.stage().name(), f.stageEnteredMs()));
        REACHED.forEach(stage -> values.add(f.reached().get(stage)));
        values.add(f.lastWonMs());
        values.add(f.wonValue() == null ? null : f.wonValue().amount());
        values.add(f.wonValue() == null ? null : f.wonValue().currency());
        values.add(f.winSpanMs());
        values.add(f.onePass());
        FunnelTally.State monthEnd = f.monthEnd();
        values.add(f.cohortEnd());
        values.add(monthEnd.stage().name());
        values.add(monthEnd.winSpanMs());
        values.add(monthEnd.wonValue() == null ? null : monthEnd.wonValue().amount());
        values.add(monthEnd.wonValue() == null ? null : monthEnd.wonValue().currency());
        batch.write(f.leadId(), tables.sql(INSERT_FUNNEL), values.toArray());
    }

    /** Per stage (but INQUIRY_RECEIVED and WON), the update of a lead's funnel row when it enters the stage. */
    private static final Map<Stage, String> FUNNEL_REACHED = funnelReached();

    private static Map<Stage, String> funnelReached() {
        Map<Stage, String> sql = new java.util.EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            String reached = reachedColumn(stage);
            // the time to win is kept while the lead is won (AFTER_SALES follows WON), else cleared; one pass while
            // each stage is a first entry, after the stage before (the old row's values on the right); the state at
            // the cohort's end the same, if the entry is not after it. INQUIRY_RECEIVED (reopened to the start): no
            // first entry, no longer one pass
            String set = stage == Stage.INQUIRY_RECEIVED ? "one_pass = false"
                    : "one_pass = (one_pass and " + reached + " is null and stage_entered_ms < ?), " + reached + " = coalesce(" + reached + ", ?)";
            sql.put(stage, "update funnel_lead set stage = ?, stage_entered_ms = ?, " + set
                    + (stage == Stage.AFTER_SALES ? "" : ", win_span_ms = null")
                    + ", month_end_stage = case when cohort_end_ms >= ? then '" + stage.name() + "' else month_end_stage end"
                    + (stage == Stage.AFTER_SALES ? "" : ", month_end_win_span_ms = case when cohort_end_ms >= ? then null else month_end_win_span_ms end")
                    + " where lead_id = ?");
        }
        return sql;
    }

    /** The column of {@code funnel_lead} holding when a lead first entered {@code stage} (none for INQUIRY_RECEIVED: the registration). */
    public static String reachedColumn(Stage stage) {
        return stage.name().toLowerCase(java.util.Locale.ROOT) + "_ms";
    }

    /**
     * Visit {@code visitNo} of the lead, of {@code stage}, entered at {@code enteredAt}, ended; {@code rhythm}: it may have follow-up rhythm items, which stop
     * waiting when it ends (if they still did).
     */
    void closeVisit(String leadId, int visitNo, Stage stage, Instant enteredAt, Instant exitedAt, Stage exitStage, boolean rhythm) {
        ProjectionBatch batch = writer.current();
        String key = visitKey(leadId, visitNo);
        if (batch.get(key) instanceof PendingVisit pending) {
            batch.put(key, new PendingVisit(pending.visit(), exitedAt, exitStage));
        } else {
            if (LossTally.STAGES.contains(stage) && tables.suffix().isEmpty()) {
                endedLoss(batch, leadId, visitNo);
            }
            long length = exitedAt.toEpochMilli() - enteredAt.toEpochMilli();
            batch.write(leadId, tables.sql("""
                            update stage_visit set exited_at = ?, exited_ms = ?, exit_stage = ?, duration_ms = ?, duration_bucket = ?,
                                                   exited_month = ?
                            where lead_id = ? and visit_no = ?"""),
                    ts(exitedAt), exitedAt.toEpochMilli(), exitStage.name(), length, DurationTally.bucket(length),
                    Months.of(exitedAt.toEpochMilli()), leadId, visitNo);
            if (tables.suffix().isEmpty()) {
                appended(batch, COMPLETED, List.of(new Completed(stage, enteredAt.toEpochMilli(), exitedAt.toEpochMilli())));
                VisitDeadline deadline = batch.get(VISIT_DEADLINE + leadId);
                if (deadline != null && deadline.visitNo() == visitNo) {
                    slaClosed(batch, stage.name(), SlaTally.visitOutcome(stage, deadline.origin(), deadline.deadlineMs(),
                            exitedAt.toEpochMilli(), exitStage), deadline.deadlineMs(), enteredAt.toEpochMilli());
                }
            }
        }
        if (rhythm && tables.suffix().isEmpty()) {
            rhythmItemClosed(batch, leadId, visitNo, exitedAt, false);
        }
        if (rhythm) {
            writer.current().write(leadId, tables.sql("""
                            update follow_up_due set visit_exited_ms = ?, closed_ms = coalesce(closed_ms, ?)
                            where lead_id = ? and visit_no = ?"""),
                    exitedAt.toEpochMilli(), exitedAt.toEpochMilli(), leadId, visitNo);
        }
    }

    /**
     * A loss (or disqualification) written before this batch ended: the lead was reopened. Its keys, read once (a rare
     * event), are taken off the loss tally with the batch's other changes of it.
     */
    private void endedLoss(ProjectionBatch batch, String leadId, int visitNo) {
        appended(batch, ENDED_LOSSES, jdbc.query(tables.sql("""
                        select stage, source, pipeline_key, owner, entered_at, reason, competitor, from_stage, value_amount,
                               value_currency
                        from stage_visit where lead_id = ? and visit_no = ?"""),
                (rs, i) -> new Visit(leadId, visitNo, Stage.valueOf(rs.getString("stage")), LeadSource.valueOf(rs.getString("source")),
                        rs.getString("pipeline_key"), rs.getString("owner"),
                        rs.getObject("entered_at", java.time.OffsetDateTime.class).toInstant(), null, null, rs.getString("reason"),
                        null, rs.getString("competitor"), rs.getString("from_stage") == null ? null : Stage.valueOf(rs.getString("from_stage")),
                        Amounts.money(rs.getBigDecimal("value_amount"), rs.getString("value_currency"))),
                leadId, visitNo));
    }

    /** Adds {@code items} to the batch's list under {@code key}: a new list, so that a failing event's are undone. */
    private static <T> void appended(ProjectionBatch batch, String key, List<T> items) {
        List<T> before = batch.get(key);
        List<T> list = new java.util.ArrayList<>(before == null ? List.of() : before);
        list.addAll(items);
        batch.put(key, List.copyOf(list));
    }

    /**
     * A follow-up came: the rhythm item of the lead's FOLLOW_UP visit {@code visitNo} waiting for it is answered
     * (business times never go back within a lead, so the first of "answered" and "visit ended" is the one
     * recorded first).
     */
    void followUpCame(String leadId, int visitNo, Instant at) {
        if (tables.suffix().isEmpty()) {
            rhythmItemClosed(writer.current(), leadId, visitNo, at, true);
        }
        writer.current().write(leadId, tables.sql("""
                        update follow_up_due set next_ms = ?, closed_ms = coalesce(closed_ms, ?)
                        where lead_id = ? and visit_no = ? and next_ms is null"""),
                at.toEpochMilli(), at.toEpochMilli(), leadId, visitNo);
    }

    /** A follow-up at {@code contactAt} set the next one due at {@code dueAt}. */
    void followUpDue(LeadState lead, long sequence, int visitNo, Instant contactAt, Instant dueAt) {
        if (tables.suffix().isEmpty()) {
            writer.current().put(OPEN_RHYTHM + lead.leadId(), new OpenRhythm(visitNo, contactAt.toEpochMilli(), dueAt.toEpochMilli()));
        }
        writer.current().write(lead.leadId(), tables.sql("""
                        insert into follow_up_due (lead_id, sequence, visit_no, contact_ms, due_at, due_ms, source, pipeline_key)
                        values (?, ?, ?, ?, ?, ?, ?, ?)"""),
                lead.leadId(), sequence, visitNo, contactAt.toEpochMilli(), ts(dueAt), dueAt.toEpochMilli(), lead.source().name(),
                lead.pipelineKey());
    }

    /**
     * The lead's open rhythm item of visit {@code visitNo}, if any, closes at {@code at}, answered by a follow-up or
     * not (its visit ended): counted in the SLA tally.
     */
    private static void rhythmItemClosed(ProjectionBatch batch, String leadId, int visitNo, Instant at, boolean answered) {
        OpenRhythm open = batch.get(OPEN_RHYTHM + leadId);
        if (open != null && open.visitNo() == visitNo) {
            slaClosed(batch, SlaTally.RHYTHM, SlaTally.rhythmOutcome(open.dueMs(), at.toEpochMilli(), answered), open.dueMs(),
                    open.contactMs());
            batch.put(OPEN_RHYTHM + leadId, null);
        }
    }

    /**
     * An SLA item of {@code kind} written before the batch, due at {@code dueMs} and begun at {@code beganMs}, closed
     * with {@code outcome} (null: neither, not counted; then {@code dueMs} may be null too).
     */
    private static void slaClosed(ProjectionBatch batch, String kind, String outcome, Long dueMs, long beganMs) {
        if (outcome != null) {
            appended(batch, SLA_CLOSED, List.of(new SlaOutcome(kind, outcome, dueMs, beganMs)));
        }
    }

    /** The next after-sales contact planned (besides being the next step, it is its own item in the calendar). */
    void afterSalesContactFact(String leadId, long sequence, Instant at, String purpose, Instant dueAt) {
        writer.current().append(tables.sql("insert into lead_fact (lead_id, sequence, kind, occurred_ms, action, due_at, due_ms) "
                + "values (?, ?, 'AFTER_SALES', ?, ?, ?, ?)"), leadId, sequence, at.toEpochMilli(), purpose, ts(dueAt), ms(dueAt));
    }

    void ownerFact(String leadId, long sequence, Instant at, String owner) {
        writer.current().append(tables.sql("insert into lead_fact (lead_id, sequence, kind, occurred_ms, owner) values (?, ?, 'OWNER', ?, ?)"),
                leadId, sequence, at.toEpochMilli(), owner);
    }

    void deleteAll() {
        jdbc.update(tables.sql("delete from board_period"));
        jdbc.update(tables.sql("delete from follow_up_due"));
        jdbc.update(tables.sql("delete from lead_fact"));
        jdbc.update(tables.sql("delete from stage_visit"));
        jdbc.update(tables.sql("delete from visit_lead"));
        jdbc.update(tables.sql("delete from funnel_lead"));
        jdbc.update(tables.sql("delete from lead_tally"));
        jdbc.update(tables.sql("delete from loss_tally"));
        jdbc.update(tables.sql("delete from duration_tally"));
        jdbc.update(tables.sql("delete from duration_month_tally"));
        jdbc.update(tables.sql("delete from entry_exit_tally"));
        jdbc.update(tables.sql("delete from entry_tally"));
        jdbc.update(tables.sql("delete from funnel_tally"));
        jdbc.update(tables.sql("delete from won_tally"));
        jdbc.update(tables.sql("delete from funnel_month_tally"));
        jdbc.update(tables.sql("delete from won_month_tally"));
        jdbc.update(tables.sql("delete from sla_tally"));
    }

    private static Object[] leadValues(LeadState l) {
        return new Object[]{l.version(), l.source().name(), l.owner(), l.companyName(), l.registeredMs(), l.stage().name(),
                l.visitNo(), l.offer() == null ? null : l.offer().amount(), l.offer() == null ? null : l.offer().currency(),
                l.estimate() == null ? null : l.estimate().amount(), l.estimate() == null ? null : l.estimate().currency(),
                l.pipelineKey(), l.pipelineVersion(), l.board().fromMs(), ts(l.board().stageEnteredAt()),
                l.board().stageEnteredAt().toEpochMilli(), l.board().nextAction(), ts(l.board().nextDueAt()),
                ms(l.board().nextDueAt()), ms(l.board().deadline()), l.leadId()};
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Long ms(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
