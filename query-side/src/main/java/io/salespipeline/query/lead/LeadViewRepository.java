package io.salespipeline.query.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.events.AfterSalesContactRecorded;
import io.salespipeline.events.Company;
import io.salespipeline.events.Contact;
import io.salespipeline.events.NextStep;
import io.salespipeline.events.PipelineRef;
import io.salespipeline.events.FollowUpRecorded;
import io.salespipeline.events.LeadEvent;
import io.salespipeline.events.LeadReopened;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.OfferRevised;
import io.salespipeline.events.Stage;
import io.salespipeline.events.StageMachine;
import io.salespipeline.query.projection.ProjectionBatch;
import io.salespipeline.query.projection.ProjectionTables;
import io.salespipeline.query.projection.Rows;
import io.salespipeline.query.projection.TableNames;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code lead_view}, with plain SQL, written per processor batch ({@link ProjectionBatch}: a lead's row once
 * per batch); a lead's timeline and repeated facts are read from the event log itself.
 */
@Repository
public class LeadViewRepository {

    private static final String KEY = "lead_view:";

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;
    private final ProjectionBatch.Writer writer;
    private final RowMapper<LeadRow> leadRows = this::leadRow;

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

    /**
     * A lead's timeline, read from the event log itself (which holds every event in order, with its position,
     * recording time and sender): each event's facts, and the stage it left and entered as the stage machine
     * gives them.
     */
    public List<LeadHistoryEntry> history(String leadId) {
        List<LeadHistoryEntry> rows = new ArrayList<>();
        Stage[] stage = {null};
        jdbc.query("""
                        select global_index, sequence_number, payload_type, time_stamp, payload, meta_data
                        from domain_event_entry where aggregate_identifier = ? and type = 'Lead' order by sequence_number""",
                rs -> {
                    String payloadType = rs.getString("payload_type");
                    byte[] payload = rs.getBytes("payload");
                    LeadEvent event = event(payloadType, payload);
                    Stage from = stage[0];
                    Stage to = StageMachine.stageAfter(from, event);
                    stage[0] = to;
                    rows.add(new LeadHistoryEntry(rs.getLong("sequence_number"), rs.getLong("global_index"),
                            payloadType.substring(payloadType.lastIndexOf('.') + 1), event.occurredAt(),
                            Instant.parse(rs.getString("time_stamp")), from, to, actor(rs.getBytes("meta_data")),
                            eventData(payload)));
                }, leadId);
        return rows;
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
     * The lead's repeated facts, in order, from the event log: every follow-up, offer revision, after-sales
     * contact and reopening (kept out of the lead's row, whose size so stays the same however long its history
     * grows), by event type; those of the row's {@code version} only (the log may be ahead of the row), so that the
     * page is the lead as of one version, the one its ETag names.
     */
    public Map<String, List<ObjectNode>> repeated(String leadId, long version) {
        Map<String, List<ObjectNode>> byType = new java.util.LinkedHashMap<>();
        jdbc.query("""
                        select payload_type, payload from domain_event_entry
                        where aggregate_identifier = ? and type = 'Lead' and sequence_number < ? and payload_type in (?, ?, ?, ?)
                        order by sequence_number""",
                rs -> {
                    String type = rs.getString("payload_type");
                    byType.computeIfAbsent(type.substring(type.lastIndexOf('.') + 1), t -> new ArrayList<>())
                            .add(eventData(rs.getBytes("payload")));
                }, leadId, version, FollowUpRecorded.class.getName(), OfferRevised.class.getName(),
                AfterSalesContactRecorded.class.getName(), LeadReopened.class.getName());
        return byType;
    }

    void deleteAll() {
        jdbc.update(tables.sql("delete from lead_view"));
    }

    /** The lead's page: its row, the details document mapped to their types, and its repeated facts from the log. */
    public LeadDetails details(LeadRow row) {
        ObjectNode d = row.details();
        Map<String, List<ObjectNode>> repeated = repeated(row.leadId(), row.version());
        ObjectNode offer = section(d, "offer");
        List<ObjectNode> revisions = repeated.get("OfferRevised");
        if (revisions != null && offer != null) {
            offer = offer.deepCopy();
            offer.putArray("revisions").addAll(revisions);
        }
        try {
            return new LeadDetails(row.leadId(), row.stage(), row.version(), row.activeContacts(), row.stageEnteredAt(),
                    row.lastOccurredAt(), value(d, "company", Company.class), value(d, "contact", Contact.class),
                    row.source(), d.path("priorContact").asBoolean(), d.path("notes").isTextual() ? d.get("notes").asText() : null,
                    value(d, "registeredAt", Instant.class), value(d, "pipeline", PipelineRef.class), row.owner(),
                    value(d, "nextStep", NextStep.class), section(d, "firstContact"), section(d, "qualification"),
                    section(d, "disqualification"), section(d, "offerPreparation"), offer, section(d, "letThemBuy"),
                    section(d, "won"), section(d, "lost"), section(d, "afterSales"), repeated.get("FollowUpRecorded"),
                    repeated.get("AfterSalesContactRecorded"), repeated.get("LeadReopened"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable details of lead " + row.leadId(), e);
        }
    }

    private <T> T value(ObjectNode details, String field, Class<T> type) throws JsonProcessingException {
        JsonNode node = details.get(field);
        return node == null || node.isNull() ? null : objectMapper.treeToValue(node, type);
    }

    private static ObjectNode section(ObjectNode details, String field) {
        return details.get(field) instanceof ObjectNode section ? section : null;
    }

    private LeadRow leadRow(ResultSet rs, int i) throws SQLException {
        return new LeadRow(rs.getString("lead_id"), rs.getLong("version"), Stage.valueOf(rs.getString("stage")),
                rs.getString("owner"), LeadSource.valueOf(rs.getString("source")), rs.getString("pipeline_key"),
                rs.getString("company_name"),
                instant(rs, "registered_at"), instant(rs, "stage_entered_at"), instant(rs, "last_occurred_at"),
                rs.getInt("active_contacts"), parse(rs.getString("details")));
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

    /** A timeline entry's facts: the event without the lead's id (the entry belongs to the lead). */
    private ObjectNode eventData(byte[] json) {
        try {
            ObjectNode data = (ObjectNode) objectMapper.readTree(json);
            data.remove("leadId");
            return data;
        } catch (IOException e) {
            throw new IllegalStateException("unreadable event in the log", e);
        }
    }

    private LeadEvent event(String payloadType, byte[] payload) {
        try {
            Class<?> type = Class.forName(payloadType);
            if (!LeadEvent.class.isAssignableFrom(type)) {
                throw new IllegalStateException(payloadType + " in a lead's stream is not a lead event");
            }
            return (LeadEvent) objectMapper.readValue(payload, type);
        } catch (ClassNotFoundException | IOException e) {
            throw new IllegalStateException("unreadable event " + payloadType + " in the log", e);
        }
    }

    /** Who sent the command that recorded the event (the {@code user} of its metadata). */
    private String actor(byte[] metaData) {
        if (metaData == null) {
            return null;
        }
        try {
            JsonNode user = objectMapper.readTree(metaData).get("user");
            return user == null || user.isNull() ? null : user.asText();
        } catch (IOException e) {
            return null;
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
