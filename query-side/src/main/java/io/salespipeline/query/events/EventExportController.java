package io.salespipeline.query.events;

import io.salespipeline.query.readyourwrites.ReadsFrom;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.platform.web.BadRequestException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The event log as NDJSON, one event a line, in global order. Streams from a database cursor, so memory
 * stays the same whatever the size of the log. It reads the log itself, so a {@code minPosition} of a
 * committed command is always there. The pipeline definitions are in the log too
 * ({@code PipelineDefined}, with {@code leadId} null: they belong to no lead).
 */
@RestController
@ReadsFrom({})
public class EventExportController {

    public static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final int FETCH_SIZE = 1000;

    private final JdbcTemplate cursor;
    private final TransactionTemplate readOnly;
    private final ObjectMapper objectMapper;

    public EventExportController(DataSource dataSource, PlatformTransactionManager transactions, ObjectMapper objectMapper) {
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.objectMapper = objectMapper;
    }

    @ApiResponse(responseCode = "200", description = "the events after `after`, one JSON object a line",
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(implementation = ExportedEvent.class)))
    @GetMapping(value = "/api/events", produces = {"application/x-ndjson", MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "-1") long after,
                                                        @RequestParam(required = false) Long limit) {
        if (limit != null && limit < 1) {
            throw new BadRequestException("limit", "limit must be at least 1");
        }
        String sql = "select global_index, type, aggregate_identifier, payload_type, time_stamp, payload from domain_event_entry "
                + "where global_index > ? order by global_index" + (limit != null ? " fetch first " + limit + " rows only" : "");
        StreamingResponseBody body = out -> {
            JsonGenerator json = new JsonFactory(objectMapper).createGenerator(out);
            json.setRootValueSeparator(null);
            readOnly.executeWithoutResult(tx -> cursor.query(sql, rs -> {
                try {
                    byte[] payload = rs.getBytes("payload");
                    JsonNode data = objectMapper.readTree(payload);
                    String type = rs.getString("payload_type");
                    json.writeStartObject();
                    json.writeNumberField("globalIndex", rs.getLong("global_index"));
                    json.writeStringField("leadId", "Lead".equals(rs.getString("type")) ? rs.getString("aggregate_identifier") : null);
                    json.writeStringField("type", type.substring(type.lastIndexOf('.') + 1));
                    JsonNode occurredAt = data.get("occurredAt");
                    json.writeStringField("occurredAt", occurredAt == null ? null : occurredAt.asText());
                    json.writeStringField("recordedAt", rs.getString("time_stamp"));
                    json.writeFieldName("payload");
                    json.writeTree(data);
                    json.writeEndObject();
                    json.writeRaw('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, after));
            json.flush();
        };
        return ResponseEntity.ok().contentType(NDJSON).body(body);
    }
}
