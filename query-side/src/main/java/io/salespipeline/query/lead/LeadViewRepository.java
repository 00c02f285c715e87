package io.salespipeline.query.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Stage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** {@code lead_view} and {@code lead_event}, with plain SQL. */
@Repository
public class LeadViewRepository {

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;
    private final RowMapper<LeadRow> leadRows = this::leadRow;
    private final RowMapper<LeadEventRow> eventRows = this::eventRow;

    public LeadViewRepository(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    public Optional<LeadRow> find(String leadId) {
        return jdbc.query("select * from lead_view where lead_id = ?", leadRows, leadId).stream().findFirst();
    }

    public List<LeadEventRow> history(String leadId) {
        return jdbc.query("select * from lead_event where lead_id = ? order by sequence", eventRows, leadId);
    }

    void save(LeadRow row, boolean isNew) {
        Object[] values = {row.version(), row.stage().name(), row.owner(), row.source().name(), row.pipelineKey(),
                row.companyName(),
                ts(row.registeredAt()), ts(row.stageEnteredAt()), ts(row.lastOccurredAt()), row.activeContacts(),
                json(row.details()), row.leadId()};
        if (isNew) {
            jdbc.update("""
                    insert into lead_view (version, stage, owner, source, pipeline_key, company_name, registered_at,
                                           stage_entered_at, last_occurred_at, active_contacts, details, lead_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", values);
        } else {
            jdbc.update("""
                    update lead_view set version = ?, stage = ?, owner = ?, source = ?, pipeline_key = ?, company_name = ?,
                                         registered_at = ?,
                                         stage_entered_at = ?, last_occurred_at = ?, active_contacts = ?, details = ?
                    where lead_id = ?""", values);
        }
    }

    void appendEvent(LeadEventRow e) {
        jdbc.update("""
                        insert into lead_event (lead_id, sequence, global_index, type, occurred_at, recorded_at,
                                                stage_from, stage_to, actor, data)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                e.leadId(), e.sequence(), e.globalIndex(), e.type(), ts(e.occurredAt()), ts(e.recordedAt()),
                e.stageFrom() == null ? null : e.stageFrom().name(), e.stageTo().name(), e.actor(), json(e.data()));
    }

    void deleteAll() {
        jdbc.update("delete from lead_event");
        jdbc.update("delete from lead_view");
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
