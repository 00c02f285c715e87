package io.salespipeline.command.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The event store as PostgreSQL sees it. */
class StorageTest extends CommandApiTest {

    @Test
    void theSchemaHasNoOidColumn() {
        List<Map<String, Object>> oids = jdbc.queryForList("""
                select table_name, column_name from information_schema.columns
                where table_schema = current_schema() and data_type = 'oid'""");
        assertThat(oids).isEmpty();
        List<String> binary = jdbc.queryForList("""
                select table_name || '.' || column_name from information_schema.columns
                where table_schema = current_schema() and column_name in ('payload', 'meta_data')
                  and table_name in ('domain_event_entry', 'snapshot_event_entry', 'dead_letter_entry')
                  and data_type = 'bytea'""", String.class);
        assertThat(binary).containsExactlyInAnyOrder("domain_event_entry.payload", "domain_event_entry.meta_data",
                "snapshot_event_entry.payload", "snapshot_event_entry.meta_data",
                "dead_letter_entry.payload", "dead_letter_entry.meta_data");
    }

    @Test
    void payloadAndMetadataDecodeToReadableJson() throws Exception {
        String id = leadIn("OFFER_SENT", "sales");
        // the same expression an analyst types in psql
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select convert_from(payload, 'UTF8')::json ->> 'description' as description,
                       convert_from(payload, 'UTF8') as payload, convert_from(meta_data, 'UTF8') as meta_data
                from domain_event_entry where aggregate_identifier = ? and payload_type like '%OfferSent'""", id);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("description")).isEqualTo("CRM rollout, 20 seats");
        JsonNode payload = new ObjectMapper().readTree((String) rows.get(0).get("payload"));
        assertThat(payload.get("leadId").asText()).isEqualTo(id);
        assertThat(payload.get("value").get("amount").asText()).isEqualTo("9500.00");
        assertThat(payload.get("value").get("currency").asText()).isEqualTo("PLN");
        JsonNode metaData = new ObjectMapper().readTree((String) rows.get(0).get("meta_data"));
        assertThat(metaData.get("user").asText()).isEqualTo("sales");
    }

    @Test
    void theGlobalIndexHasItsOwnSequenceWithIncrementOne() {
        Map<String, Object> sequence = jdbc.queryForMap(
                "select increment_by from pg_sequences where sequencename = 'domain_event_entry_seq'");
        assertThat(((Number) sequence.get("increment_by")).longValue()).isEqualTo(1);
        String id = leadIn("OFFER_SENT", "sales");
        List<Long> indexes = jdbc.queryForList("select global_index from domain_event_entry where aggregate_identifier = ? "
                + "order by global_index", Long.class, id);
        // appended one after another by one writer: consecutive, no allocation gaps
        assertThat(indexes.get(indexes.size() - 1) - indexes.get(0)).isEqualTo(indexes.size() - 1);
    }
}
