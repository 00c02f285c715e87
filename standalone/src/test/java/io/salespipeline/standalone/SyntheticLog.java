package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.events.*;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends a large, realistic event log straight into the event store (as a migration from another CRM
 * would), for replay tests and benchmarks: leads registered, contacted, qualified, offered and then won,
 * lost or left open, serialized exactly as the command side writes them.
 */
final class SyntheticLog {

    private static final String INSERT = """
            insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type, event_identifier,
                                            meta_data, payload, payload_revision, payload_type, time_stamp)
            values (nextval('domain_event_entry_seq'), ?, ?, 'Lead', ?, ?, ?, null, ?, ?)""";

    private SyntheticLog() {
    }

    /**
     * Appends one lead's {@code history} as it stands (sequence numbers from 0, each event's time stamp its business
     * time), whatever the commands would say of it today: the history of an old log.
     */
    static void appendHistory(JdbcTemplate jdbc, ObjectMapper objectMapper, LeadId id, List<LeadEvent> history) {
        List<Object[]> rows = new ArrayList<>();
        for (int seq = 0; seq < history.size(); seq++) {
            LeadEvent e = history.get(seq);
            try {
                rows.add(new Object[]{id.toString(), seq, UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                        objectMapper.writeValueAsBytes(e), e.getClass().getName(), e.occurredAt().toString()});
            } catch (com.fasterxml.jackson.core.JsonProcessingException failed) {
                throw new IllegalStateException(failed);
            }
        }
        jdbc.batchUpdate(INSERT, rows);
    }

    /** Appends the events of {@code leads} leads (about 6 each); answers the number of events. */
    static int append(JdbcTemplate jdbc, ObjectMapper objectMapper, int leads, Instant start) {
        byte[] metaData = "{\"user\":\"import\"}".getBytes(StandardCharsets.UTF_8);
        List<Object[]> batch = new ArrayList<>();
        int events = 0;
        LeadSource[] sources = LeadSource.values();
        LostReason[] reasons = LostReason.values();
        for (int i = 0; i < leads; i++) {
            LeadId id = LeadId.newId();
            Instant t = start.plus(Duration.ofMinutes(7L * i));
            Money estimate = Money.of(String.valueOf(1000 + (i % 50) * 100) + ".00", "PLN");
            List<LeadEvent> history = new ArrayList<>(List.of(
                    new LeadRegistered(id, new Company("Company " + i, null, null), new Contact("Contact " + i, "c" + i + "@example.com", null),
                            sources[i % sources.length], i % 3 == 0, i % 2 == 0 ? "sales" : "sales2", null, null, t),
                    new FirstContactRecorded(id, ContactChannel.PHONE, List.of(), "needs " + i, List.of(), null, null,
                            t.plus(Duration.ofDays(3)), t.plus(Duration.ofHours(20))),
                    new LeadQualified(id, estimate, "service " + (i % 7), null, t.plus(Duration.ofHours(26))),
                    new OfferPreparationStarted(id, t.plus(Duration.ofHours(50)), t.plus(Duration.ofHours(27))),
                    new OfferSent(id, estimate, "offer " + i, t.plus(Duration.ofHours(40 + 48)), null,
                            t.plus(Duration.ofHours(40 + (i % 20))))));
            Instant last = t.plus(Duration.ofHours(80));
            switch (i % 3) {
                case 0 -> history.add(new LeadWon(id, estimate, null, Stage.OFFER_SENT, last));
                case 1 -> history.add(new LeadLost(id, reasons[i % reasons.length], "details", null, Stage.OFFER_SENT, last));
                default -> history.add(new NextStepScheduled(id, "call", last.plus(Duration.ofDays(2)), last));
            }
            for (int seq = 0; seq < history.size(); seq++) {
                LeadEvent e = history.get(seq);
                try {
                    batch.add(new Object[]{id.toString(), seq, UUID.randomUUID().toString(), metaData,
                            objectMapper.writeValueAsBytes(e), e.getClass().getName(), e.occurredAt().toString()});
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
                events++;
            }
            if (batch.size() >= 2000) {
                jdbc.batchUpdate(INSERT, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            jdbc.batchUpdate(INSERT, batch);
        }
        return events;
    }
}
