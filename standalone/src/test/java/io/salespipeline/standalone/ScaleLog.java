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
 * A bigger variant of {@link SyntheticLog} for the read benchmarks: about 9 events a lead, registrations spread
 * evenly over the year before {@code end}; won (half of them handed over to after-sales), lost from follow-up or
 * after a month without an answer, open in every board stage (only the leads of the last 60 days stay open),
 * with follow-ups, revisions, next steps and reassignments among 8 owners.
 */
final class ScaleLog {

    private static final String INSERT = """
            insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type, event_identifier,
                                            meta_data, payload, payload_revision, payload_type, time_stamp)
            values (nextval('domain_event_entry_seq'), ?, ?, 'Lead', ?, ?, ?, null, ?, ?)""";

    private ScaleLog() {
    }

    static int append(JdbcTemplate jdbc, ObjectMapper json, int leads, Instant end) {
        byte[] metaData = "{\"user\":\"import\"}".getBytes(StandardCharsets.UTF_8);
        Instant start = end.minus(Duration.ofDays(365));
        long spacing = Duration.ofDays(365).toMillis() / leads;
        Instant recentFrom = end.minus(Duration.ofDays(60));
        LeadSource[] sources = LeadSource.values();
        LostReason[] reasons = LostReason.values();
        List<Object[]> batch = new ArrayList<>();
        int events = 0;
        for (int i = 0; i < leads; i++) {
            LeadId id = LeadId.newId();
            Instant t = start.plusMillis(spacing * i);
            String owner = "rep" + (i % 8);
            Money estimate = Money.of((1000 + (i % 50) * 100) + ".00", i % 10 == 0 ? "EUR" : "PLN");
            List<LeadEvent> h = new ArrayList<>();
            h.add(new LeadRegistered(id, new Company("Company " + i, null, null), new Contact("Contact " + i, "c" + i + "@example.com", null),
                    sources[i % sources.length], i % 3 == 0, owner, null, null, t));
            int path = i % 8;
            boolean recent = t.isAfter(recentFrom);
            if (path == 7 && recent) {
                h.add(new NextStepScheduled(id, "call", t.plus(Duration.ofDays(3)), t.plus(Duration.ofHours(2))));
            } else {
                h.add(new FirstContactRecorded(id, ContactChannel.PHONE, List.of(), "needs " + i, List.of(), null, null,
                        t.plus(Duration.ofDays(3)), t.plus(Duration.ofDays(1))));
                h.add(new LeadQualified(id, estimate, "service " + (i % 7), null, t.plus(Duration.ofDays(2))));
                if (path == 5 && recent) {
                    h.add(new NextStepScheduled(id, "meet", t.plus(Duration.ofDays(10)), t.plus(Duration.ofDays(3))));
                } else {
                    h.add(new OfferPreparationStarted(id, t.plus(Duration.ofDays(4)), t.plus(Duration.ofDays(3))));
                    Instant sent = t.plus(Duration.ofDays(4)).plus(Duration.ofHours(i % 30));
                    h.add(new OfferSent(id, estimate, "offer " + i, sent.plus(Duration.ofHours(48)), null, sent));
                    if (path <= 2) {
                        h.add(new OfferRevised(id, Money.of((900 + (i % 50) * 100) + ".00", estimate.currency()), null,
                                sent.plus(Duration.ofHours(20))));
                    }
                    if (path == 6 && recent) {
                        h.add(new LeadReassigned(id, owner, "rep" + ((i + 1) % 8), sent.plus(Duration.ofHours(30))));
                    } else {
                        Instant c = sent.plus(Duration.ofHours(40 + i % 20));
                        int followUps = path <= 4 ? 4 : 2;
                        for (int f = 0; f < followUps; f++) {
                            h.add(new FollowUpRecorded(id, ContactChannel.EMAIL, FollowUpOutcome.NEGOTIATING, null,
                                    f == followUps - 1 ? new NextStep("call back", c.plus(Duration.ofDays(5))) : null,
                                    c.plus(Duration.ofHours(48)), null, c));
                            c = c.plus(Duration.ofHours(30 + (i + f) % 30));
                        }
                        if (path == 3) {
                            h.add(new LeadReassigned(id, owner, "rep" + ((i + 3) % 8), c));
                            c = c.plusSeconds(3600);
                        }
                        if (path <= 1) {
                            h.add(new LeadWon(id, estimate, null, Stage.FOLLOW_UP, c));
                            if (path == 0 && !(recent && i % 16 == 0)) {
                                h.add(new AfterSalesStarted(id, "am" + (i % 3), c.plus(Duration.ofDays(30)), "onboarding", owner,
                                        c.plus(Duration.ofHours(20))));
                            }
                        } else if (path <= 3 || !recent) {
                            h.add(new LeadLost(id, reasons[i % reasons.length], "details", i % 4 == 0 ? "Rival" : null,
                                    Stage.FOLLOW_UP, path <= 3 ? c : c.plus(Duration.ofDays(30))));
                        }
                    }
                }
            }
            for (int seq = 0; seq < h.size(); seq++) {
                LeadEvent e = h.get(seq);
                try {
                    batch.add(new Object[]{id.toString(), seq, UUID.randomUUID().toString(), metaData,
                            json.writeValueAsBytes(e), e.getClass().getName(), e.occurredAt().toString()});
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
                events++;
            }
            if (batch.size() >= 5000) {
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
