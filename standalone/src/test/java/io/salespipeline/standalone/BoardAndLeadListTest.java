package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board and the lead list as the database filters, counts and pages them: the board lists at most
 * {@code limit} leads per stage, the most urgent first, with counts and values over all of them; the list pages
 * with a total in a stable order; each filter. The leads are a fresh owner's, so other tests' leads do not count.
 */
class BoardAndLeadListTest extends StandaloneTest {

    private static final Instant T0 = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    private Http manager;
    private String owner;
    /** By registration time: 0..3 stay new; 6, 5, 4 are contacted in that order (4's next contact overdue); 5 and 4 qualified. */
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void leads() {
        manager = as("manager");
        owner = "rep-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 7; i++) {
            String source = i % 2 == 0 ? "REFERRAL" : "WEBSITE";
            Http.Response r = manager.post("/api/leads", """
                    {"company": {"name": "Board %d"}, "contact": {"name": "C", "phone": "1"}, "source": "%s", "owner": "%s",
                     "occurredAt": "%s"}""".formatted(i, source, owner, at(i * 60)));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            ids.add(r.json().get("leadId").asText());
        }
        // contacted one day later, in reverse order (the latest registered first in CONTACTED)
        for (int i = 6; i >= 4; i--) {
            String next = i == 4 ? at(2 * 1440) : Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
            ok(manager.post("/api/leads/" + ids.get(i) + "/first-contact", """
                    {"channel": "PHONE", "nextContactAt": "%s", "occurredAt": "%s"}""".formatted(next, at(1440 + (6 - i) * 60))));
        }
        ok(manager.post("/api/leads/" + ids.get(5) + "/qualification", """
                {"estimatedValue": {"amount": "1000.50", "currency": "PLN"}, "proposedService": "x", "occurredAt": "%s"}"""
                .formatted(at(3 * 1440))));
        ok(manager.post("/api/leads/" + ids.get(4) + "/qualification", """
                {"estimatedValue": {"amount": "2000.25", "currency": "PLN"}, "proposedService": "x", "occurredAt": "%s"}"""
                .formatted(at(3 * 1440 + 1))));
        awaitVersion(manager, ids.get(4), 3);
        await(() -> manager.get("/api/leads?owner=" + owner + "&stage=CONTACTED").json(),
                page -> page.get("total").asLong() == 3 && page.toString().contains("1000.50") && page.toString().contains("2000.25"));
    }

    @Test
    void theBoard_listsAtMostLimitLeadsPerStage_mostUrgentFirst_withCountsAndValuesOverAll() {
        JsonNode board = manager.get("/api/pipeline?owner=" + owner + "&limit=2").json();
        JsonNode inquiry = stage(board, "INQUIRY_RECEIVED");
        assertThat(inquiry.get("count").asLong()).isEqualTo(4);
        // all four have no next step (flagged): the longest in the stage first
        assertThat(inquiry.get("leads").findValuesAsText("leadId")).containsExactly(ids.get(0), ids.get(1));
        JsonNode contacted = stage(board, "CONTACTED");
        assertThat(contacted.get("count").asLong()).isEqualTo(3);
        assertThat(contacted.get("value").get("PLN").asText()).isEqualTo("3000.75");
        // the overdue next contact first, though it entered the stage last; then the longest in the stage
        assertThat(contacted.get("leads").findValuesAsText("leadId")).containsExactly(ids.get(4), ids.get(6));
        assertThat(contacted.get("leads").get(0).get("flags").toString()).isEqualTo("[\"NEXT_STEP_OVERDUE\"]");
        assertThat(contacted.get("leads").get(1).get("flags").size()).isZero();

        JsonNode none = manager.get("/api/pipeline?owner=" + owner + "&limit=0").json();
        assertThat(stage(none, "INQUIRY_RECEIVED").get("count").asLong()).isEqualTo(4);
        assertThat(stage(none, "INQUIRY_RECEIVED").get("leads").size()).isZero();
        assertThat(stage(manager.get("/api/pipeline?owner=" + owner).json(), "INQUIRY_RECEIVED").get("leads").size())
                .isEqualTo(4);

        for (String bad : List.of("501", "-1", "x")) {
            Http.Response r = manager.get("/api/pipeline?limit=" + bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void theBoardsWonColumn_showsARecentWinWithoutAFlag_afterTheOnesLongWithoutAnAfterSalesPlan() {
        // 5 won three days ago (its after-sales plan 24 h overdue), 4 won an hour ago (its plan not due yet)
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i : new int[]{5, 4}) {
            ok(manager.post("/api/leads/" + ids.get(i) + "/offer-preparation", "{\"occurredAt\": \"%s\"}".formatted(at(4 * 1440))));
            ok(manager.post("/api/leads/" + ids.get(i) + "/offer", """
                    {"value": {"amount": "%s", "currency": "PLN"}, "description": "d", "occurredAt": "%s"}"""
                    .formatted(i == 5 ? "1500.00" : "2500.00", at(4 * 1440 + 60))));
            ok(manager.post("/api/leads/" + ids.get(i) + "/won", "{\"occurredAt\": \"%s\"}"
                    .formatted(i == 5 ? now.minus(3, ChronoUnit.DAYS) : now.minus(1, ChronoUnit.HOURS))));
        }
        JsonNode won = await(() -> stage(manager.get("/api/pipeline?owner=" + owner).json(), "WON"),
                column -> column.get("leads").size() == 2);
        assertThat(won.get("count").asLong()).isEqualTo(2);
        assertThat(won.get("value").get("PLN").asText()).isEqualTo("4000.00");
        assertThat(won.get("leads").findValuesAsText("leadId")).containsExactly(ids.get(5), ids.get(4));
        assertThat(won.get("leads").get(0).get("flags").toString()).isEqualTo("[\"NO_AFTER_SALES_PLAN\"]");
        assertThat(won.get("leads").get(1).get("flags").size()).isZero();
        assertThat(won.get("leads").get(1).get("hoursInStage").asDouble()).isBetween(0.99, 1.1);
    }

    @Test
    void theBoardsWonColumn_leavesOutTheLeadsWonInAPipelineWithoutAfterSales_nowAndBackThen() {
        // a pipeline without after-sales (WON is final there) claiming no source: only the lead registered into it
        String pipeline = "quick-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(as("admin").send("PUT", "/api/pipelines/" + pipeline, """
                {"name": "Quick", "stages": [{"stage": "INQUIRY_RECEIVED"}, {"stage": "CONTACTED"}, {"stage": "OFFER_SENT"},
                 {"stage": "FOLLOW_UP"}, {"stage": "WON"}, {"stage": "LOST"}, {"stage": "DISQUALIFIED"}]}""").status()).isIn(200, 201);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Http.Response r = manager.post("/api/leads", """
                {"company": {"name": "Quick win"}, "contact": {"name": "C", "phone": "1"}, "source": "WEBSITE", "owner": "%s",
                 "pipeline": "%s", "occurredAt": "%s"}""".formatted(owner, pipeline, at(0)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        String quick = r.json().get("leadId").asText();
        ok(manager.post("/api/leads/" + quick + "/first-contact", """
                {"channel": "PHONE", "nextContactAt": "%s", "occurredAt": "%s"}""".formatted(at(2 * 1440), at(1440))));
        ok(manager.post("/api/leads/" + quick + "/qualification", """
                {"estimatedValue": {"amount": "700.00", "currency": "PLN"}, "proposedService": "x", "occurredAt": "%s"}"""
                .formatted(at(1440 + 60))));
        ok(manager.post("/api/leads/" + quick + "/offer", """
                {"value": {"amount": "800.00", "currency": "PLN"}, "description": "d", "occurredAt": "%s"}""".formatted(at(1440 + 120))));
        ok(manager.post("/api/leads/" + quick + "/won", "{\"occurredAt\": \"%s\"}".formatted(now.minus(3, ChronoUnit.DAYS))));
        // 4 (the default pipeline, with after-sales) won alike, then handed over to after-sales an hour ago
        ok(manager.post("/api/leads/" + ids.get(4) + "/offer-preparation", "{\"occurredAt\": \"%s\"}".formatted(at(4 * 1440))));
        ok(manager.post("/api/leads/" + ids.get(4) + "/offer", """
                {"value": {"amount": "2500.00", "currency": "PLN"}, "description": "d", "occurredAt": "%s"}""".formatted(at(4 * 1440 + 60))));
        ok(manager.post("/api/leads/" + ids.get(4) + "/won", "{\"occurredAt\": \"%s\"}".formatted(now.minus(3, ChronoUnit.DAYS))));
        ok(manager.post("/api/leads/" + ids.get(4) + "/after-sales", """
                {"accountManager": "%s", "nextContactAt": "%s", "purpose": "onboarding", "occurredAt": "%s"}"""
                .formatted(owner, now.plus(7, ChronoUnit.DAYS), now.minus(1, ChronoUnit.HOURS))));
        awaitVersion(manager, ids.get(4), 7);
        awaitVersion(manager, quick, 5);

        // now (the tally): 4 is in after-sales, the quick win is on no column
        JsonNode board = manager.get("/api/pipeline?owner=" + owner).json();
        assertThat(stage(board, "WON").get("count").asLong()).isZero();
        assertThat(stage(board, "WON").get("leads").size()).isZero();
        assertThat(stage(board, "AFTER_SALES").get("leads").findValuesAsText("leadId")).containsExactly(ids.get(4));
        // a day back (4's win a past period, the quick win the current state): 4 alone waits for its after-sales plan
        JsonNode dayBack = manager.get("/api/pipeline?owner=" + owner + "&at=" + now.minus(1, ChronoUnit.DAYS)).json();
        assertThat(stage(dayBack, "WON").get("count").asLong()).isEqualTo(1);
        assertThat(stage(dayBack, "WON").get("value").get("PLN").asText()).isEqualTo("2500.00");
        assertThat(stage(dayBack, "WON").get("leads").findValuesAsText("leadId")).containsExactly(ids.get(4));
        // the pipeline's own board: its won column empty then and now
        for (String at : List.of("", "&at=" + now.minus(1, ChronoUnit.DAYS))) {
            JsonNode own = manager.get("/api/pipeline?owner=" + owner + "&pipeline=" + pipeline + at).json();
            assertThat(stage(own, "WON").get("count").asLong()).as(at).isZero();
            assertThat(stage(own, "WON").get("leads").size()).as(at).isZero();
        }
    }

    @Test
    void theBoardAndTheList_countWhatTheyList_whileLeadsMove() throws Exception {
        // leads registered and contacted one after another while the board and the list are read: each answer's
        // counts are of the leads it lists (one snapshot), never of a state a moment earlier or later
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.CompletableFuture<Void> writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 25; i++) {
                    Http.Response r = manager.post("/api/leads", """
                            {"company": {"name": "Moving %d"}, "contact": {"name": "C", "phone": "1"}, "source": "WEBSITE",
                             "owner": "%s"}""".formatted(i, owner));
                    assertThat(r.status()).as(r.toString()).isEqualTo(201);
                    ok(manager.post("/api/leads/" + r.json().get("leadId").asText() + "/first-contact", """
                            {"channel": "PHONE", "nextContactAt": "%s"}""".formatted(Instant.now().plus(1, ChronoUnit.DAYS))));
                }
            } finally {
                writing.set(false);
            }
        });
        int boards = 0;
        while (writing.get() || boards < 5) {
            JsonNode board = manager.get("/api/pipeline?owner=" + owner + "&limit=500").json();
            for (JsonNode column : board.get("stages")) {
                assertThat(column.get("count").asLong()).as(column.toString()).isEqualTo(column.get("leads").size());
            }
            JsonNode page = manager.get("/api/leads?owner=" + owner + "&size=500").json();
            assertThat(page.get("total").asLong()).as(page.toString()).isEqualTo(page.get("items").size());
            boards++;
        }
        writer.get();
        assertThat(boards).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theBoardAsOfAPastInstant_countsWhatStoodThen() {
        // after every registration and the first contact of 6, before the others' contacts
        JsonNode board = manager.get("/api/pipeline?owner=" + owner + "&limit=1&at=" + at(1440 + 30)).json();
        assertThat(stage(board, "INQUIRY_RECEIVED").get("count").asLong()).isEqualTo(6);
        assertThat(stage(board, "INQUIRY_RECEIVED").get("leads").findValuesAsText("leadId")).containsExactly(ids.get(0));
        assertThat(stage(board, "CONTACTED").get("count").asLong()).isEqualTo(1);
        assertThat(stage(board, "CONTACTED").get("value").size()).isZero();
        // its next contact was not due then
        assertThat(stage(board, "CONTACTED").get("leads").get(0).get("flags").size()).isZero();
        assertThat(stage(board, "CONTACTED").get("leads").get(0).get("hoursInStage").asDouble()).isEqualTo(0.5);
        // before the first registration: nothing
        JsonNode before = manager.get("/api/pipeline?owner=" + owner + "&at=" + at(-1)).json();
        before.get("stages").forEach(s -> assertThat(s.get("count").asLong()).isZero());
    }

    @Test
    void theLeadList_pagesWithATotal_inAStableOrder() {
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode p = manager.get("/api/leads?owner=" + owner + "&size=3&page=" + page).json();
            assertThat(p.get("total").asLong()).isEqualTo(7);
            assertThat(p.get("page").asInt()).isEqualTo(page);
            assertThat(p.get("items").size()).isEqualTo(page < 2 ? 3 : 1);
            seen.addAll(p.get("items").findValuesAsText("leadId"));
        }
        // longest in their stage first: the four new ones by registration, then the contacted ones by contact
        assertThat(seen).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(3), ids.get(6), ids.get(5), ids.get(4));
        assertThat(manager.get("/api/leads?owner=" + owner + "&size=3&page=1").json().get("items").findValuesAsText("leadId"))
                .containsExactly(ids.get(3), ids.get(6), ids.get(5));
        JsonNode past = manager.get("/api/leads?owner=" + owner + "&size=3&page=3").json();
        assertThat(past.get("total").asLong()).isEqualTo(7);
        assertThat(past.get("items").size()).isZero();
    }

    @Test
    void theLeadList_filtersByStageSourceFlagPipelineAndOwner() {
        assertThat(leadIds("&stage=CONTACTED")).containsExactly(ids.get(6), ids.get(5), ids.get(4));
        assertThat(leadIds("&stage=INQUIRY_RECEIVED")).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(3));
        assertThat(leadIds("&source=REFERRAL")).containsExactly(ids.get(0), ids.get(2), ids.get(6), ids.get(4));
        assertThat(leadIds("&flag=NEXT_STEP_OVERDUE")).containsExactly(ids.get(4));
        assertThat(leadIds("&flag=NO_NEXT_STEP")).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(3));
        assertThat(leadIds("&flag=OFFER_LATE")).isEmpty();
        assertThat(leadIds("&pipeline=default")).hasSize(7);
        assertThat(leadIds("&pipeline=no-such-pipeline")).isEmpty();
        assertThat(leadIds("&stage=CONTACTED&source=WEBSITE")).containsExactly(ids.get(5));
        JsonNode item = manager.get("/api/leads?owner=" + owner + "&stage=CONTACTED&source=WEBSITE").json().get("items").get(0);
        assertThat(item.get("company").asText()).isEqualTo("Board 5");
        assertThat(item.get("owner").asText()).isEqualTo(owner);
        assertThat(item.get("stage").asText()).isEqualTo("CONTACTED");
        assertThat(item.get("value").get("amount").asText()).isEqualTo("1000.50");
        assertThat(item.get("nextStep").get("action").asText()).isEqualTo("next contact");
        // a rep sees only their own leads, whatever owner they ask for
        awaitVersion(as("sales"), Leads.in(as("sales"), Leads.At.NEW), 1);
        assertThat(as("sales").get("/api/leads?size=500&owner=" + owner).json().get("items").findValuesAsText("owner"))
                .isNotEmpty().containsOnly("sales");
    }

    private List<String> leadIds(String query) {
        JsonNode page = manager.get("/api/leads?size=100&owner=" + owner + query).json();
        assertThat(page.get("total").asLong()).isEqualTo(page.get("items").size());
        return page.get("items").findValuesAsText("leadId");
    }

    private static String at(long minutes) {
        return T0.plus(minutes, ChronoUnit.MINUTES).toString();
    }

    private static void ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
}
