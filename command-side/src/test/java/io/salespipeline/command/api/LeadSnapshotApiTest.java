package io.salespipeline.command.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;

/** A lead with a long history is snapshotted, and a lead no longer in memory is loaded from its snapshot. */
class LeadSnapshotApiTest extends CommandApiTest {

    @Autowired
    @Qualifier("leadCache")
    Cache leadCache;

    @Test
    void aLeadWithALongHistory_isLoadedFromItsSnapshot_andASnapshotOfAnotherShapeIsIgnored() {
        String id = register("sales");
        for (int i = 1; i <= 104; i++) {
            nextStep(id, i);
        }
        Long snapshotAt = jdbc.queryForObject("select max(sequence_number) from snapshot_event_entry where aggregate_identifier = ?",
                Long.class, id);
        assertThat(snapshotAt).as("a snapshot after 100 events").isEqualTo(99);

        // not in memory any more (a restart, another instance): the snapshot and the 5 events after it
        leadCache.remove(id);
        JsonNode loaded = nextStep(id, 105);
        assertThat(loaded.get("version").asLong()).isEqualTo(106);
        assertThat(loaded.get("stage").asText()).isEqualTo("INQUIRY_RECEIVED");

        // a snapshot written by an earlier shape of the aggregate is not used: the lead is read from its events
        jdbc.update("update snapshot_event_entry set payload_revision = '0', payload = ? where aggregate_identifier = ?",
                "{\"version\": 1}".getBytes(), id);
        leadCache.remove(id);
        assertThat(nextStep(id, 106).get("version").asLong()).isEqualTo(107);
        assertThat(sequenceNumbers(id)).hasSize(107);
    }

    private JsonNode nextStep(String id, int i) {
        return ok(as("sales").post("/api/leads/" + id + "/next-step",
                "{\"action\": \"call " + i + "\", \"dueAt\": \"" + in(24 + i) + "\"}"));
    }
}
