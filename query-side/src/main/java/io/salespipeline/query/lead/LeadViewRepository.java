package io.salespipeline.query.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Stage;
import io.salespipeline.query.projection.ProjectionBatch;
import io.salespipeline.query.projection.ProjectionTables;
import io.salespipeline.query.projection.Rows;
import io.salespipeline.query.projection.TableNames;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code lead_view} and {@code lead_event}, with plain SQL; written per processor batch
 * ({@link ProjectionBatch}): a lead's row once per batch, its timeline entries in one batch insert.
 */
@Repository
public class LeadViewRepository {

    private static final String KEY = "lead_view:";

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;
    private final ProjectionBatch.Writer writer;
    private final RowMapper<LeadRow> leadRows = this::leadRow;
    private final RowMapper<LeadEventRow> eventRows = this::eventRow;

    static final List<String> TABLES = ProjectionTables.of(LeadViewProjection.PROCESSING_GROUP).tables();

    private final TableNames tables;

    @Autowired
    public LeadViewRepository(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this(jdbc, objectMapper, "");
    }

    /** Writing into the tables under {@code suffix} (a rebuild's fresh tables). */
    LeadViewRepository(JdbcTemplate jdbc, ObjectMapper objectMapper, String suffix) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.tables = new TableNames(TABLES, suffix);
        this.writer = new ProjectionBatch.Writer(LeadViewProjection.PROCESSING_GROUP + suffix, jdbc);
    }

    /** The same repository on the tables under {@code suffix}. */
    LeadViewRepository on(String suffix) {
        return new LeadViewRepository(jdbc, objectMapper, suffix);
    }

    /** A lead's row and whether {@code lead_view} has it yet. */
    private record Stored(LeadRow row, boolean inDatabase) {
    }

    public Optional<LeadRow> find(String leadId) {
        return jdbc.query(tables.sql("select * from lead_view where lead_id = ?"), leadRows, leadId).stream().findFirst();
    }

    public List<LeadEventRow> history(String leadId) {
        return jdbc.query(tables.sql("select * from lead_event where lead_id = ? order by sequence"), eventRows, leadId);
    }

    /**
     * The lead as the projection knows it: from this batch's earlier events of the lead, else from
     * {@code lead_view}, loaded for every lead of the batch at once.
     */
    Optional<LeadRow> current(String leadId) {
        ProjectionBatch batch = writer.current();
        String key = KEY + leadId;
        if (!batch.knows(key)) {
            Set<String> leads = new LinkedHashSet<>(batch.leadsInBatch());
            leads.add(leadId);
            for (List<String> chunk : Rows.chunks(leads, 500)) {
                jdbc.query(tables.sql("select * from lead_view where lead_id in (" + Rows.placeholders(chunk.size()) + ")"),
                        rs -> {
                            LeadRow row = leadRow(rs, 0);
                            batch.loaded(KEY + row.leadId(), new Stored(row, true));
                        }, chunk.toArray());
            }
            leads.forEach(lead -> batch.loaded(KEY + lead, null));
        }
        Stored stored = batch.get(key);
        return stored == null ? Optional.empty() : Optional.of(stored.row());
    }

    /** The lead as it is after an event; written once per batch. */
    void save(LeadRow row) {
        ProjectionBatch batch = writer.current();
        Stored before = batch.get(KEY + row.leadId());
        batch.put(KEY + row.leadId(), new Stored(row, before != null && before.inDatabase()));
    }

    /**
     * The timeline entry, with the event's own position in the log read in the same statement: the
     * token's position ({@code e.globalIndex()}, the fallback) is the highest position seen, which for an
     * event that committed after a later one (two writers at once) is the later one's, so the timeline
     * would differ from a replay's, which sees the events in order.
     */
    void appendEvent(LeadEventRow e) {
        writer.current().append(tables.sql("""
                        insert into lead_event (lead_id, sequence, global_index, type, occurred_at, recorded_at,
                                                stage_from, stage_to, actor, data)
                        values (?, ?, coalesce((select global_index from domain_event_entry
                                                where aggregate_identifier = ? and sequence_number = ?), ?),
                                ?, ?, ?, ?, ?, ?, ?)"""),
                e.leadId(), e.sequence(), e.leadId(), e.sequence(), e.globalIndex(), e.type(), ts(e.occurredAt()),
                ts(e.recordedAt()),
                e.stageFrom() == null ? null : e.stageFrom().name(), e.stageTo().name(), e.actor(), json(e.data()));
    }

    /** Runs the handling of one event in the batch: undone if it fails (see {@link ProjectionBatch#event}). */
    void event(Runnable handling) {
        ProjectionBatch batch = writer.current();
        batch.onWriteStatesOnce(KEY, states -> writeStates(batch, states));
        batch.event(handling);
    }

    private void writeStates(ProjectionBatch batch, Map<String, Object> states) {
        states.forEach((key, value) -> {
            if (!key.startsWith(KEY)) {
                return;
            }
            Stored stored = (Stored) value;
            LeadRow row = stored.row();
            Object[] values = {row.version(), row.stage().name(), row.owner(), row.source().name(), row.pipelineKey(),
                    row.companyName(), ts(row.registeredAt()), ts(row.stageEnteredAt()), ts(row.lastOccurredAt()),
                    row.activeContacts(), json(row.details()), row.leadId()};
            if (stored.inDatabase()) {
                batch.write(row.leadId(), tables.sql("""
                        update lead_view set version = ?, stage = ?, owner = ?, source = ?, pipeline_key = ?,
                                             company_name = ?, registered_at = ?, stage_entered_at = ?,
                                             last_occurred_at = ?, active_contacts = ?, details = ?
                        where lead_id = ?"""), values);
            } else {
                batch.write(row.leadId(), tables.sql("""
                        insert into lead_view (version, stage, owner, source, pipeline_key, company_name, registered_at,
                                               stage_entered_at, last_occurred_at, active_contacts, details, lead_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""), values);
            }
            batch.stored(key, new Stored(row, true));
        });
    }

    /**
     * The lead's repeated facts, in order, from its timeline: every follow-up, offer revision, after-sales
     * contact and reopening (kept out of the lead's row, whose size so stays the same however long its
     * history grows).
     */
    public Map<String, List<ObjectNode>> repeated(String leadId) {
        Map<String, List<ObjectNode>> byType = new java.util.LinkedHashMap<>();
        jdbc.query(tables.sql("select type, data from lead_event where lead_id = ? and type in "
                        + "('FollowUpRecorded', 'OfferRevised', 'AfterSalesContactRecorded', 'LeadReopened') order by sequence"),
                rs -> {
                    byType.computeIfAbsent(rs.getString("type"), t -> new java.util.ArrayList<>()).add(parse(rs.getString("data")));
                }, leadId);
        return byType;
    }

    void deleteAll() {
        jdbc.update(tables.sql("delete from lead_event"));
        jdbc.update(tables.sql("delete from lead_view"));
    }

    private LeadRow leadRow(ResultSet rs, int i) throws SQLException {
        return new LeadRow(rs.getString("lead_id"), rs.getLong("version"), Stage.valueOf(rs.getString("stage")),
                rs.getString("owner"), LeadSource.valueOf(rs.getString("source")), rs.getString("pipeline_key"),
                rs.getString("company_name"),
                instant(rs, "registered_at"), instant(rs, "stage_entered_at"), instant(rs, "last_occurred_at"),
                rs.getInt("active_contacts"), parse(rs.getString("details")));
    }

    private LeadEventRow eventRow(ResultSet rs, int i) throws SQLException {
        String from = rs.getString("stage_from");
        return new LeadEventRow(rs.getString("lead_id"), rs.getLong("sequence"), rs.getLong("global_index"),
                rs.getString("type"), instant(rs, "occurred_at"), instant(rs, "recorded_at"),
                from == null ? null : Stage.valueOf(from), Stage.valueOf(rs.getString("stage_to")), rs.getString("actor"),
                parse(rs.getString("data")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private String json(ObjectNode node) {
        try {
            return objectMapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode parse(String json) {
        try {
            return (ObjectNode) objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in the lead views", e);
        }
    }
}
