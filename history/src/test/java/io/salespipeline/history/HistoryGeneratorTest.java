package io.salespipeline.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.events.FollowUpOutcome;
import io.salespipeline.events.LeadCommand;
import io.salespipeline.events.Stage;
import io.salespipeline.events.StageMachine;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator's histories follow the stage machine (as the Lead aggregate asks it, with the default
 * pipeline), never go back in business time nor pass the end, come to about 10 events a lead and take every
 * path of the process. (That the service accepts every one of them is the import tests' part.)
 */
class HistoryGeneratorTest {

    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thousandLeads_comeToAboutTenEventsEach_andTakeEveryPath() throws Exception {
        HistoryGenerator generator = new HistoryGenerator(1, END);
        Set<String> paths = new HashSet<>();
        long events = 0;
        for (int i = 0; i < 1000; i++) {
            HistoryGenerator.GeneratedLead lead = generator.next();
            paths.addAll(lead.paths());
            events += lead.events();
            assertThat(replay(lead)).as(lead.line()).isEqualTo(lead.events());
        }
        System.out.printf("history generator: 1000 leads, %d events (%.2f a lead), paths %s%n", events, events / 1000.0,
                new java.util.TreeSet<>(paths));
        assertThat(events / 1000.0).isBetween(8.5, 11.5);
        List<String> expected = new ArrayList<>(List.of("won", "won:LET_THEM_BUY", "let-them-buy", "after-sales",
                "reopened", "reassigned", "contact-updated", "open", "disqualified:INQUIRY_RECEIVED", "disqualified:CONTACTED"));
        for (Stage stage : Stage.values()) {
            if (stage.isOpen()) {
                expected.add("lost:" + stage);
            }
        }
        assertThat(paths).containsAll(expected);
        assertThat(paths).anyMatch(p -> p.startsWith("reopened:LOST->"));
        assertThat(paths).anyMatch(p -> p.startsWith("reopened:DISQUALIFIED->"));
        assertThat(paths).anyMatch(p -> p.startsWith("reopened:LET_THEM_BUY->"));
    }

    @Test
    void theSameSeed_writesTheSameFile_andWriteCountsWhatItWrote() throws Exception {
        StringWriter a = new StringWriter();
        StringWriter b = new StringWriter();
        HistoryGenerator.Counts counts = new HistoryGenerator(7, END).write(50, a);
        new HistoryGenerator(7, END).write(50, b);
        assertThat(a.toString()).isEqualTo(b.toString());
        assertThat(a.toString().lines()).hasSize(50);
        assertThat(counts.leads()).isEqualTo(50);
        long commands = a.toString().lines().mapToLong(l -> {
            try {
                return JSON.readTree(l).get("commands").size();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).sum();
        assertThat(counts.commands()).isEqualTo(commands);
        assertThat(counts.events()).isGreaterThanOrEqualTo(commands);
        assertThat(new HistoryGenerator(8, END).next().line()).isNotEqualTo(a.toString().lines().findFirst().orElseThrow());
    }

    /** Walks a lead's commands through the stage machine; answers the events it records. */
    private static int replay(HistoryGenerator.GeneratedLead lead) throws Exception {
        JsonNode line = JSON.readTree(lead.line());
        assertThat(line.get("leadId").asText()).isEqualTo(lead.leadId().toString());
        Stage stage = null;
        boolean qualified = false;
        int undecided = 0;
        int events = 0;
        Instant last = null;
        String owner = null;
        for (JsonNode command : line.get("commands")) {
            String name = command.get("command").asText();
            Instant at = Instant.parse(command.get("occurredAt").asText());
            assertThat(at).isBeforeOrEqualTo(END);
            if (last != null) {
                assertThat(at).isAfterOrEqualTo(last);
            }
            last = at;
            @SuppressWarnings("unchecked")
            Class<? extends LeadCommand> type = (Class<? extends LeadCommand>) Class.forName("io.salespipeline.events.commands." + name);
            if (stage == null) {
                assertThat(name).isEqualTo("RegisterLead");
                stage = Stage.INQUIRY_RECEIVED;
                owner = command.get("owner").asText();
                events++;
                continue;
            }
            StageMachine.Situation situation = new StageMachine.Situation(stage, qualified, EnumSet.allOf(Stage.class));
            assertThat(StageMachine.allows(type, situation)).as("%s in %s (qualified %s)", name, stage, qualified).isTrue();
            events++;
            switch (name) {
                case "RecordFirstContact" -> stage = Stage.CONTACTED;
                case "QualifyLead" -> qualified = true;
                case "DisqualifyLead" -> stage = Stage.DISQUALIFIED;
                case "StartOfferPreparation" -> stage = Stage.OFFER_PREPARATION;
                case "SendOffer" -> {
                    stage = Stage.OFFER_SENT;
                    undecided = 0;
                }
                case "RecordFollowUp" -> {
                    stage = Stage.FOLLOW_UP;
                    if (FollowUpOutcome.valueOf(command.get("outcome").asText()).isUndecided() && ++undecided >= 3) {
                        stage = Stage.LET_THEM_BUY;
                        events++;
                        assertThat(command.has("nextFollowUpDueAt")).isFalse();
                    }
                }
                case "MarkWon" -> stage = Stage.WON;
                case "MarkLost" -> stage = Stage.LOST;
                case "StartAfterSales" -> {
                    stage = Stage.AFTER_SALES;
                    owner = command.get("accountManager").asText();
                }
                case "ReopenLead" -> {
                    stage = Stage.valueOf(command.get("stage").asText());
                    undecided = 0;
                }
                case "ReassignLead" -> {
                    assertThat(command.get("owner").asText()).isNotEqualTo(owner);
                    owner = command.get("owner").asText();
                }
                default -> {
                }
            }
        }
        return events;
    }
}
