package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.platform.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.salespipeline.standalone.ScriptedHistory.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The query-side analytics against a scripted history ({@link ScriptedHistory}): every expected number
 * below was worked out by hand from the scenario, with the arithmetic in the comments. Nothing here is
 * computed by the code under test.
 *
 * <h2>Scenario (times: 2026, UTC, "MM-DD HH"; S1 = sales, S2 = sales2; values in the lead's currency)</h2>
 * <pre>
 * lead src  own  events (stage entered)                                                                      #ev
 * L01 WEB  S1  reg 03-02 08 | FC 03-02 12 | Q 10000 PLN 03-03 09 | OP 03-03 10 (promise 03-04 10) |
 *              OS 10000 03-04 09 (due 03-06 09) | FU 03-05 09 | WON 03-06 10 | AS 03-07 10                     8
 * L02 REF  S2  reg 03-02 10 | FC 03-02 16 | Q 5000 EUR 03-03 10 | OP 03-04 10 (p 03-05 10) |
 *              OS 5000 EUR 03-05 10 (d 03-07 10) | WON 03-06 14                                                  6
 * L03 CC   S1  reg 03-03 08 | FC 03-03 10 | Q 7000 03-04 09 | OP 03-04 11 (p 03-05 11) | OS 7000 03-05 17 (d 03-07 17) |
 *              FU no-answer 03-06 17 | no-decision 03-08 10 | no-answer 03-10 10 + LTB 03-10 10 | WON 03-20 10    10
 * L04 NET  S2  reg 03-03 12 | FC 03-03 15 | Q 20000 03-04 10 | OP 03-05 10 (p 03-06 10) | OS 22000 03-06 08 (d 03-08 08) |
 *              FU 03-07 08 | revise 19000 03-08 09 | WON 03-09 12 | AS 03-10 12                                   9
 * L05 SOC  S1  reg 03-04 09 | LOST NO_RESPONSE 03-09 09                                                          2
 * L06 GAD  S2  reg 03-04 11 | FC 03-04 14 (next 03-06 10) | Q 8000 03-05 10 | LOST TIMING 03-12 14                 4
 * L07 REF  S1  reg 03-05 08 | FC 03-05 10 | Q 12000 03-06 09 | OP 03-06 10 (p 03-09 10) | LOST OTHER 03-07 16       5
 * L08 WEB  S2  reg 03-05 12 | FC 03-05 13 (next 03-06 15) | Q 18000 03-06 11 | OP 03-06 13 (p 03-07 13) |
 *              OS 20000 03-07 12 (d 03-09 12) | LOST COMPETITOR "Acme CRM" 03-11 12                               6
 * L09 CC   S1  reg 03-06 08 | FC 03-06 12 (next 03-07 10) | Q 15000 03-07 10 | OP 03-07 12 (p 03-08 12) |
 *              OS 15000 03-08 18 (d 03-10 18) | reassign→S2 03-09 10 | FU 03-11 08 | revise 13000 03-11 15 |
 *              LOST PRICE 03-13 15                                                                             9
 * L10 NET  S2  reg 03-06 10 | FC 03-06 13 | Q 9000 EUR 03-07 09 | OP 03-09 13 (p 03-10 13) | OS 9000 EUR 03-10 09
 *              (d 03-12 09) | FU no-dec 03-12 09 | no-ans 03-14 09 | no-dec 03-16 09 + LTB | LOST NO_DECISION 04-06 09   10
 * L11 WEB  S1  reg 03-09 08 | FC 03-09 11 | Q 30000 03-10 10 | OP 03-10 11 (p 03-11 11) | OS 30000 03-11 10 (d 03-13 10) |
 *              LOST PRICE 03-12 16 | REOPEN→OS 04-08 10 | revise 27000 04-09 10 | FU 04-10 10 (next 04-14 10) |
 *              LOST COMPETITOR "Beta Systems" 05-05 10                                                         10
 * L12 REF  S2  reg 03-09 10 | FC 03-09 12 | Q 11000 EUR 03-10 12 | OP 03-10 14 (p 03-11 14) | OS 11000 EUR 03-11 14
 *              (d 03-13 14) | FU 03-12 14 | LOST TIMING 03-16 14 | REOPEN→FU 04-13 14 | WON 04-15 14 | AS 04-17 14     10
 * L13 GAD  S1  reg 03-10 08 | FC 03-10 10 | LOST NO_BUDGET 03-13 10 | REOPEN→CON 03-23 10 | reassign→S2 03-25 10 |
 *              LOST NEEDS_NOT_MET 04-03 10                                                                     6
 * L14 SOC  S2  reg 05-04 09 | FC 05-04 11 | Q 6000 05-05 10 | OP 05-05 11 (p 05-06 11) | OS 6000 05-06 10 (d 05-08 10) |
 *              FU 05-09 10 | LOST NO_RESPONSE 06-10 10                                                          7
 * L15 OTH  S1  reg 04-20 09 | FC 04-20 15 | Q 4000 04-21 10 | OP 04-21 12 (p 04-22 12) | OS 4500 04-22 10 (d 04-24 10) |
 *              FU 04-25 10 | LOST NEEDS_NOT_MET 05-12 10 | REOPEN→FU 06-03 10 | WON 06-05 10                      9
 * L16 CC   S2  reg 03-11 09 | DQ ORDER_TOO_SMALL 03-11 15                                                      2
 * L17 WEB  S1  reg 03-12 09 | FC 03-12 13 | DQ BUDGET_TOO_LOW 03-14 13                                            3
 * L18 SOC  S2  reg 04-06 09 | FC 04-06 12 | DQ NOT_A_FIT 04-08 12                                                 3
 * L19 NET  S1  reg 03-16 08 | FC 03-16 10 | Q 16000 03-17 10 | OP 03-17 12 (p 03-18 12) | OS 16000 03-18 11 (d 03-20 11) |
 *              FU no-ans 03-19 11 | negotiating 03-21 11 | no-dec 03-23 11 | no-ans (no next step) 03-25 11 + LTB   10
 * L20 WEB  S2  reg 05-18 09                                                                                     1
 * L21 REF  S1  reg 05-19 09 | FC 05-19 13 (next 05-21 10) | Q 3000 EUR 05-20 10                                   3
 * L22 GAD  S2  reg 05-20 08 | FC 05-20 10 | Q 25000 05-21 09 | OP 05-21 10 (p 05-22 10)                            4
 * L23 CC   S1  reg 05-21 08 | FC 05-21 09 | Q 14000 05-22 09 | OP 05-22 10 (p 05-23 10) | OS 14000 05-23 09 (d 05-25 09) 5
 * L24 NET  S2  reg 05-11 09 | FC 05-11 12 | Q 10000 EUR 05-12 10 | OP 05-12 12 (p 05-13 12) | OS 10000 EUR 05-13 11
 *              (d 05-15 11) | FU 05-14 11 (next 06-25 10) | reassign→S1 05-15 10                                  7
 * L25 SOC  S1  reg 04-01 09 | FC 04-01 11 | Q 6000 04-02 10 | OP 04-02 11 (p 04-03 11) | OS 6500 04-03 15 (d 04-05 15) |
 *              FU 04-05 11 | WON 04-07 09                                                                      7
 * L26 OTH  S2  reg 04-27 10 | FC 04-27 14 | Q 8000 EUR 04-28 10 | OP 04-28 14 (p 04-29 14) | OS 8000 EUR 04-29 10
 *              (d 05-02 10, with a delay reason) | FU 04-30 16 | revise 7600 05-04 12 | WON 05-06 10 | AS 05-07 10    9
 * L27 WEB  S1  reg 05-25 09 | FC 05-25 12 | Q 5000 05-26 10 | OP 05-26 12 (p 05-27 12) | OS 5000 05-27 10 (d 05-29 10) |
 *              FU 05-28 10 | WON 06-03 12                                                                      7
 * L28 REF  S2  reg 06-02 09 | FC 06-02 15 (next 06-04 10)                                                       2
 * L29 GAD  S1  reg 06-08 10                                                                                     1
 * L30 CC   S2  reg 04-14 09 | LOST NO_RESPONSE 04-17 15                                                        2
 * L31 REF  S1  reg 04-06 10 | FC 04-06 14 | Q 9500 04-07 10 | OP 04-07 14 (p 04-08 14) | OS 10000 04-08 13 (d 04-10 13) |
 *              LOST COMPETITOR "Acme CRM" 04-09 17                                                              6
 * L32 WEB  S2  reg 05-04 12 | FC 05-04 16 | Q 12000 EUR 05-05 10 | OP 05-05 16 (p 05-06 16) | OS 12500 EUR 05-06 20
 *              (d 05-08 20) | FU 05-08 08 | revise 11500 05-09 10 | LOST PRICE 05-14 08                            8
 * </pre>
 * Currency is PLN unless EUR is written. Windows: the analytics window is [03-01 00:00, 06-01 00:00); the
 * as-of loss window is [03-01 00:00, 04-01 00:00); the board is read at 03-06 12:30, 04-14 12:00 and
 * 06-20 12:00. No event lies exactly on any of these instants. Every after-sales above stays with the rep
 * who won the client (the account manager is the owner: the handover changes no owner).
 *
 * <h2>Issue 9: after 06-20 (second window [07-01, 09-01), boards at 07-05 12, 07-08 12, 07-13 12)</h2>
 * <pre>
 * L09      reassigned S2 → S1 07-02 09 (a lost lead)            L22  reassigned S2 → S1 07-02 10 (open in OFFER_PREPARATION)
 * L05      e-mail corrected 07-02 11 (a lost lead)
 * PUT /api/pipelines/polecenia: REFERRAL, without OFFER_PREPARATION and LET_THEM_BUY, follow-up window 72 h, plan
 *          after-sales within 24 h (the REFERRAL leads above stay on `default` v1)
 * L33 REF  S1  polecenia | reg 07-01 09 | FC 07-01 12 | Q 20000 07-02 10 | OS 20000 07-02 12 (d 07-05 12) |
 *              FU no-dec 07-04 12 (rhythm due 07-07 12) | no-ans 07-07 10 (due 07-10 10) | no-dec 07-10 12 (due 07-13 12;
 *              still FOLLOW_UP: no let-them-buy) | WON 19000 07-12 12 (no after-sales)                          8
 * L34 REF  S2  polecenia | reg 07-02 09 | FC 07-02 11 | Q 8000 EUR 07-03 10 | OS 8000 EUR 07-03 12 (d 07-06 12) |
 *              FU negotiating 07-07 12 (due 07-10 12), no next step | LOST COMPETITOR "Acme CRM" 07-15 12       6
 * L35 WEB  S1  default | reg 07-01 10 | FC 07-01 14 | Q 15000 07-02 09 | OP 07-02 10 (p 07-03 10) | OS 15000 07-03 09
 *              (d 07-05 09) | FU positive 07-04 09 (due 07-06 09) | WON 14000 07-05 09 | AS → ewa 07-06 09 (next
 *              08-06 10) | after-sales contact 08-06 10 (next 09-06 10)                                        9
 * L36 CC   S1  default | reg 07-06 09 | FC 07-06 11 | Q 9000 07-07 09 | OP 07-07 10 (p 07-08 10) | OS 9000 07-08 09
 *              (d 07-10 09) | reassign → S2 07-11 09 | FU negotiating 07-12 09 (due 07-14 09) | no-dec 07-14 08
 *              (due 07-16 08), still FOLLOW_UP                                                                 8
 * L37 REF  S2  polecenia | reg 07-08 09 | FC 07-08 12 | DQ NOT_A_FIT 07-09 12                                  3
 * </pre>
 * Every follow-up that leaves a lead in FOLLOW_UP sets the next one due (the default: 48 h, 72 h in polecenia).
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"postgres", "apitest"})
class ScriptedHistoryTest {

    private static final String FROM = t("03-01T00:00");
    private static final String TO = t("06-01T00:00");
    private static final String AS_OF_TO = t("04-01T00:00");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        // a database of its own: the numbers are over everything in it, so no other test may add to it
        registry.add("spring.datasource.url", OwnDatabase.URL::toString);
        registry.add("spring.datasource.username", TestDatabase::user);
    }

    @LocalServerPort
    int port;

    ScriptedHistory history;

    @BeforeEach
    void scriptedHistory() {
        history = ScriptedHistory.ensure(port);
    }

    // ==============================================================================================
    // Lost reasons
    // ==============================================================================================

    /*
     * Final losses as of 06-01 with the loss in [03-01, 06-01) — 12 leads (L12 was won after its reopening,
     * L14 is lost only on 06-10, L15's reopening on 06-03 is after `to` so it still counts):
     *
     *   lead reason         from stage          source        owner at loss  month    value
     *   L05  NO_RESPONSE    INQUIRY_RECEIVED    SOCIAL_MEDIA  sales          2026-03  —
     *   L06  TIMING         CONTACTED           GOOGLE_ADS    sales2         2026-03  8000 PLN (estimate)
     *   L07  OTHER          OFFER_PREPARATION   REFERRAL      sales          2026-03  12000 PLN (estimate)
     *   L08  COMPETITOR     OFFER_SENT          WEBSITE       sales2         2026-03  20000 PLN
     *   L09  PRICE          FOLLOW_UP           COLD_CALL     sales2 (reassigned 03-09)  2026-03  13000 PLN (revised)
     *   L10  NO_DECISION    LET_THEM_BUY        NETWORKING    sales2         2026-04  9000 EUR
     *   L11  COMPETITOR     FOLLOW_UP           WEBSITE       sales          2026-05  27000 PLN (revised; 2nd loss)
     *   L13  NEEDS_NOT_MET  CONTACTED           GOOGLE_ADS    sales2 (reassigned 03-25)  2026-04  — (2nd loss)
     *   L15  NEEDS_NOT_MET  FOLLOW_UP           OTHER         sales          2026-05  4500 PLN
     *   L30  NO_RESPONSE    INQUIRY_RECEIVED    COLD_CALL     sales2         2026-04  —
     *   L31  COMPETITOR     OFFER_SENT          REFERRAL      sales          2026-04  10000 PLN
     *   L32  PRICE          FOLLOW_UP           WEBSITE       sales2         2026-05  11500 EUR (revised)
     *
     * Disqualified as of 06-01 in the window — 3: L16 ORDER_TOO_SMALL from INQUIRY_RECEIVED, COLD_CALL, sales2,
     * 2026-03; L17 BUDGET_TOO_LOW from CONTACTED, WEBSITE, sales, 2026-03; L18 NOT_A_FIT from CONTACTED,
     * SOCIAL_MEDIA, sales2, 2026-04. None qualified: no value.
     * Shares: 3/12 = 0.25, 2/12 = 0.1667, 1/12 = 0.0833, 4/12 = 0.3333, 5/12 = 0.4167, 7/12 = 0.5833;
     * 1/3 = 0.3333, 2/3 = 0.6667.
     */
    @Test
    void lostReasons() {
        lostReasonsByReason();
        lostReasonsByStageSourceOwnerMonth();
        lostReasonsAsOfAnEarlierInstant();
    }

    private void lostReasonsByReason() {
        JsonNode r = analytics("/api/analytics/lost-reasons?from=" + FROM + "&to=" + TO + "&groupBy=reason");
        assertThat(r.get("lost").asInt()).isEqualTo(12);
        assertThat(r.get("disqualified").asInt()).isEqualTo(3);
        assertGroups(r.get("groups"),
                // L08 20000 + L11 27000 + L31 10000 = 57000 PLN
                group("COMPETITOR", 3, 0.25, "PLN", "57000"),
                // L13 none + L15 4500
                group("NEEDS_NOT_MET", 2, 0.1667, "PLN", "4500"),
                // L05, L30: no value
                group("NO_RESPONSE", 2, 0.1667),
                // L09 13000 PLN, L32 11500 EUR
                group("PRICE", 2, 0.1667, "PLN", "13000", "EUR", "11500"),
                group("NO_DECISION", 1, 0.0833, "EUR", "9000"),
                group("OTHER", 1, 0.0833, "PLN", "12000"),
                group("TIMING", 1, 0.0833, "PLN", "8000"));
        assertGroups(r.get("disqualifiedGroups"),
                group("BUDGET_TOO_LOW", 1, 0.3333),
                group("NOT_A_FIT", 1, 0.3333),
                group("ORDER_TOO_SMALL", 1, 0.3333));
    }

    private void lostReasonsByStageSourceOwnerMonth() {
        JsonNode byStage = analytics("/api/analytics/lost-reasons?from=" + FROM + "&to=" + TO + "&groupBy=stage");
        assertThat(byStage.get("lost").asInt()).isEqualTo(12);
        assertThat(byStage.get("disqualified").asInt()).isEqualTo(3);
        assertGroups(byStage.get("groups"),
                // L09 13000 + L11 27000 + L15 4500 = 44500 PLN; L32 11500 EUR
                group("FOLLOW_UP", 4, 0.3333, "PLN", "44500", "EUR", "11500"),
                // L06 8000, L13 none
                group("CONTACTED", 2, 0.1667, "PLN", "8000"),
                group("INQUIRY_RECEIVED", 2, 0.1667),
                // L08 20000 + L31 10000
                group("OFFER_SENT", 2, 0.1667, "PLN", "30000"),
                group("LET_THEM_BUY", 1, 0.0833, "EUR", "9000"),
                group("OFFER_PREPARATION", 1, 0.0833, "PLN", "12000"));
        assertGroups(byStage.get("disqualifiedGroups"),
                group("CONTACTED", 2, 0.6667),          // L17, L18
                group("INQUIRY_RECEIVED", 1, 0.3333));  // L16

        JsonNode bySource = analytics("/api/analytics/lost-reasons?from=" + FROM + "&to=" + TO + "&groupBy=source");
        assertThat(bySource.get("lost").asInt()).isEqualTo(12);
        assertGroups(bySource.get("groups"),
                // L08 20000 + L11 27000 = 47000 PLN; L32 11500 EUR
                group("WEBSITE", 3, 0.25, "PLN", "47000", "EUR", "11500"),
                // L09 13000, L30 none
                group("COLD_CALL", 2, 0.1667, "PLN", "13000"),
                // L06 8000, L13 none
                group("GOOGLE_ADS", 2, 0.1667, "PLN", "8000"),
                // L07 12000 + L31 10000
                group("REFERRAL", 2, 0.1667, "PLN", "22000"),
                group("NETWORKING", 1, 0.0833, "EUR", "9000"),
                group("OTHER", 1, 0.0833, "PLN", "4500"),
                group("SOCIAL_MEDIA", 1, 0.0833));
        assertGroups(bySource.get("disqualifiedGroups"),
                group("COLD_CALL", 1, 0.3333),
                group("SOCIAL_MEDIA", 1, 0.3333),
                group("WEBSITE", 1, 0.3333));

        JsonNode byOwner = analytics("/api/analytics/lost-reasons?from=" + FROM + "&to=" + TO + "&groupBy=owner");
        assertThat(byOwner.get("lost").asInt()).isEqualTo(12);
        assertGroups(byOwner.get("groups"),
                // L06 8000 + L08 20000 + L09 13000 = 41000 PLN; L10 9000 + L32 11500 = 20500 EUR; L13, L30 none
                group("sales2", 7, 0.5833, "PLN", "41000", "EUR", "20500"),
                // L05 none + L07 12000 + L11 27000 + L15 4500 + L31 10000 = 53500 PLN
                group("sales", 5, 0.4167, "PLN", "53500"));
        assertGroups(byOwner.get("disqualifiedGroups"),
                group("sales2", 2, 0.6667),   // L16, L18
                group("sales", 1, 0.3333));   // L17

        JsonNode byMonth = analytics("/api/analytics/lost-reasons?from=" + FROM + "&to=" + TO + "&groupBy=month");
        assertThat(byMonth.get("lost").asInt()).isEqualTo(12);
        assertGroups(byMonth.get("groups"),
                // L05 –, L06 8000, L07 12000, L08 20000, L09 13000 → 53000 PLN
                group("2026-03", 5, 0.4167, "PLN", "53000"),
                // L10 9000 EUR, L13 –, L30 –, L31 10000 PLN
                group("2026-04", 4, 0.3333, "PLN", "10000", "EUR", "9000"),
                // L11 27000 + L15 4500 = 31500 PLN; L32 11500 EUR
                group("2026-05", 3, 0.25, "PLN", "31500", "EUR", "11500"));
        assertGroups(byMonth.get("disqualifiedGroups"),
                group("2026-03", 2, 0.6667),  // L16, L17
                group("2026-04", 1, 0.3333)); // L18
    }

    /*
     * As of 04-01, losses in [03-01, 04-01) — 7 leads:
     *   L05 NO_RESPONSE  INQUIRY_RECEIVED   —
     *   L06 TIMING       CONTACTED          8000 PLN
     *   L07 OTHER        OFFER_PREPARATION  12000 PLN
     *   L08 COMPETITOR   OFFER_SENT         20000 PLN
     *   L09 PRICE        FOLLOW_UP          13000 PLN
     *   L11 PRICE        OFFER_SENT         30000 PLN   (its first loss; reopened 04-08, revised, re-lost 05-05: all after `to`)
     *   L12 TIMING       FOLLOW_UP          11000 EUR   (its loss; reopened 04-13 and won: after `to`)
     * Not counted: L13 (lost 03-13 but reopened 03-23, so open on 04-01), L10 (lost 04-06).
     * Disqualified: L16 ORDER_TOO_SMALL, L17 BUDGET_TOO_LOW (L18 only on 04-08).
     * Shares 2/7 = 0.2857, 1/7 = 0.1429; 1/2 = 0.5.
     */
    /** The loss as it stood at `to`: an earlier loss later reopened still counts, a loss reopened before `to` does not. */
    private void lostReasonsAsOfAnEarlierInstant() {
        JsonNode byReason = analytics("/api/analytics/lost-reasons?from=" + FROM + "&to=" + AS_OF_TO + "&groupBy=reason");
        assertThat(byReason.get("lost").asInt()).isEqualTo(7);
        assertThat(byReason.get("disqualified").asInt()).isEqualTo(2);
        assertGroups(byReason.get("groups"),
                // L09 13000 + L11 30000 = 43000 PLN
                group("PRICE", 2, 0.2857, "PLN", "43000"),
                // L06 8000 PLN, L12 11000 EUR
                group("TIMING", 2, 0.2857, "PLN", "8000", "EUR", "11000"),
                group("COMPETITOR", 1, 0.1429, "PLN", "20000"),
                group("NO_RESPONSE", 1, 0.1429),
                group("OTHER", 1, 0.1429, "PLN", "12000"));
        assertGroups(byReason.get("disqualifiedGroups"),
                group("BUDGET_TOO_LOW", 1, 0.5),
                group("ORDER_TOO_SMALL", 1, 0.5));

        JsonNode byStage = analytics("/api/analytics/lost-reasons?from=" + FROM + "&to=" + AS_OF_TO + "&groupBy=stage");
        assertThat(byStage.get("lost").asInt()).isEqualTo(7);
        assertGroups(byStage.get("groups"),
                // L09 13000 PLN, L12 11000 EUR
                group("FOLLOW_UP", 2, 0.2857, "PLN", "13000", "EUR", "11000"),
                // L08 20000 + L11 30000
                group("OFFER_SENT", 2, 0.2857, "PLN", "50000"),
                group("CONTACTED", 1, 0.1429, "PLN", "8000"),
                group("INQUIRY_RECEIVED", 1, 0.1429),
                group("OFFER_PREPARATION", 1, 0.1429, "PLN", "12000"));
        assertGroups(byStage.get("disqualifiedGroups"),
                group("CONTACTED", 1, 0.5),
                group("INQUIRY_RECEIVED", 1, 0.5));
    }

    // ==============================================================================================
    // Time in stage — window [03-01, 06-01): every visit ends before 06-01 or is open then;
    // L28, L29 (registered in June) have no visit entered before `to`.
    // ==============================================================================================

    /*
     * Completed visits (hours), sorted; p = percentile_cont: rank = p·(n−1), 0-based, interpolated.
     *
     * INQUIRY_RECEIVED, n = 29 (all leads registered before 06-01 but L20):
     *   1 (L08, L23) ×2; 2 (L03 L07 L12 L13 L14 L19 L22 L25) ×8; 3 (L04 L06 L10 L11 L18 L24 L27) ×7;
     *   4 (L01 L09 L17 L21 L26 L31 L32) ×7; 6 (L02 L15 L16) ×3; 78 (L30 04-14 09 → 04-17 15); 120 (L05 03-04 09 → 03-09 09)
     *   sum 2+16+21+28+18+78+120 = 283; mean 283/29 = 9.7586; median rank 14 → 3; p90 rank 25.2 → idx25 6, idx26 6 → 6; max 120
     *   open: L20 since 05-18 09 → 06-01 00 = 13 d 15 h = 327
     * CONTACTED, n = 26 (L13 twice):
     *   21 (L15), 22 (L01), 24 ×12 (L07 L08 L09 L11 L14 L22 L24 L25 L26 L27 L31 L32), 25 ×2 (L03 L23), 26 ×2 (L12 L19),
     *   42 (L02), 43 (L04), 48 ×2 (L17 L18), 72 ×2 (L10, L13 1st), 192 (L06 03-04 14 → 03-12 14), 264 (L13 2nd 03-23 10 → 04-03 10)
     *   sum 21+22+288+50+52+42+43+96+144+192+264 = 1214; mean 1214/26 = 46.6923; median rank 12.5 → idx12 24, idx13 24 → 24;
     *   p90 rank 22.5 → idx22 72, idx23 72 → 72; max 264
     *   open: L21 since 05-19 13 → 12 d 11 h = 299
     * OFFER_PREPARATION, n = 20:
     *   20 ×2 (L10 L26), 22 ×3 (L04 L15 L27), 23 ×8 (L01 L08 L11 L14 L19 L23 L24 L31), 24 ×2 (L02 L12), 28 ×2 (L25 L32),
     *   30 ×3 (L03 L07 L09)
     *   sum 40+66+184+48+56+90 = 484; mean 24.2; median rank 9.5 → 23, 23 → 23; p90 rank 17.1 → 30, 30 → 30; max 30
     *   open: L22 since 05-21 10 → 10 d 14 h = 254
     * OFFER_SENT, n = 19 (L11 twice):
     *   24 ×7 (L01 L03 L04 L12 L19 L24 L27), 28 ×2 (L02 L31), 30 ×2 (L11 1st, L26), 36 (L32), 44 (L25),
     *   48 ×2 (L10, L11 2nd 04-08 10 → 04-10 10), 62 (L09), 72 ×2 (L14 L15), 96 (L08)
     *   sum 168+56+60+36+44+96+62+144+96 = 762; mean 762/19 = 40.1053; median rank 9 → 30; p90 rank 16.2 → idx16 72, idx17 72 → 72; max 96
     *   open: L23 since 05-23 09 → 8 d 15 h = 207
     * FOLLOW_UP, n = 13 (L12 twice):
     *   25 (L01), 46 (L25), 48 (L12 2nd), 52 (L04), 55 (L09), 89 (L03 03-06 17 → 03-10 10), 96 (L10), 96 (L12 1st),
     *   138 (L26 04-30 16 → 05-06 10), 144 (L19), 144 (L32), 408 (L15 04-25 10 → 05-12 10), 600 (L11 04-10 10 → 05-05 10)
     *   sum 1941; mean 1941/13 = 149.3077; median rank 6 → 96; p90 rank 10.8 → 144 + 0.8·(408 − 144) = 355.2; max 600
     *   open: L14 since 05-09 10 = 542, L24 since 05-14 11 = 421, L27 since 05-28 10 = 86 → median 421
     * LET_THEM_BUY, n = 2: L03 240 (03-10 10 → 03-20 10), L10 504 (03-16 09 → 04-06 09)
     *   mean 372; median rank 0.5 → 240 + 0.5·264 = 372; p90 rank 0.9 → 240 + 0.9·264 = 477.6; max 504
     *   open: L19 since 03-25 11 → 06-01 00 = 157 + 720 + 744 = 1621
     * WON, n = 4 (ended by after-sales): L01 24, L04 24, L12 48, L26 24 → 24, 24, 24, 48
     *   mean 120/4 = 30; median rank 1.5 → 24; p90 rank 2.7 → 24 + 0.7·24 = 40.8; max 48
     *   open: L02 since 03-06 14 = 610 + 1464 = 2074, L03 since 03-20 10 = 278 + 1464 = 1742,
     *         L25 since 04-07 09 = 567 + 744 = 1311 → median 1742   (L15, L27 are won only in June)
     * AFTER_SALES: no completed visit (visits 0, statistics null)
     *   open: L01 since 03-07 10 = 2054, L04 since 03-10 12 = 1980, L12 since 04-17 14 = 1066, L26 since 05-07 10 = 590
     *   → median (1066 + 1980)/2 = 1523
     * LOST, n = 3 (ended by a reopening before `to`): L13 240 (03-13 10 → 03-23 10), L11 642 (03-12 16 → 04-08 10),
     *   L12 672 (03-16 14 → 04-13 14); mean 1554/3 = 518; median 642; p90 rank 1.8 → 642 + 0.8·30 = 666; max 672
     *   open (12, the final losses; L15's reopening on 06-03 is after `to`), ages to 06-01 00:
     *   L32 424, L15 470, L11 638, L30 1065, L31 1255, L10 1335, L13 1406, L09 1905, L06 1930, L08 1956, L05 2007, L07 2048
     *   → median (1335 + 1406)/2 = 1370.5
     * DISQUALIFIED: no completed visit; open: L18 1284, L17 1883, L16 1953 → median 1883
     */
    @Test
    void timeInStage() {
        JsonNode r = analytics("/api/analytics/time-in-stage?from=" + FROM + "&to=" + TO);
        assertStageStats(r.get("stages"),
                stats("INQUIRY_RECEIVED", 29, 9.7586, 3.0, 6.0, 120.0, 1, 327.0),
                stats("CONTACTED", 26, 46.6923, 24.0, 72.0, 264.0, 1, 299.0),
                stats("OFFER_PREPARATION", 20, 24.2, 23.0, 30.0, 30.0, 1, 254.0),
                stats("OFFER_SENT", 19, 40.1053, 30.0, 72.0, 96.0, 1, 207.0),
                stats("FOLLOW_UP", 13, 149.3077, 96.0, 355.2, 600.0, 3, 421.0),
                stats("LET_THEM_BUY", 2, 372.0, 372.0, 477.6, 504.0, 1, 1621.0),
                stats("WON", 4, 30.0, 24.0, 40.8, 48.0, 3, 1742.0),
                stats("AFTER_SALES", 0, null, null, null, null, 4, 1523.0),
                stats("LOST", 3, 518.0, 642.0, 666.0, 672.0, 12, 1370.5),
                stats("DISQUALIFIED", 0, null, null, null, null, 3, 1883.0));
    }

    // ==============================================================================================
    // Funnel — cohort registered in [03-01, 06-01): L01 … L27 and L30 … L32 = 30 (L28, L29 are June)
    // ==============================================================================================

    /*
     * reached by 06-01:
     *   INQUIRY_RECEIVED 30
     *   CONTACTED 26: all but L05, L16, L20, L30 (never contacted)                        26/30 = 0.8667
     *   OFFER_PREPARATION 21: L01 L02 L03 L04 L07 L08 L09 L10 L11 L12 L14 L15 L19 L22 L23 L24 L25 L26 L27 L31 L32
     *                                                                                     21/26 = 0.8077
     *   OFFER_SENT 19: those but L07 (lost in preparation), L22 (still preparing)           19/21 = 0.9048
     *   FOLLOW_UP 15: those but L02 (won from OFFER_SENT), L08, L31 (lost from OFFER_SENT), L23 (still OFFER_SENT)
     *                                                                                     15/19 = 0.7895
     *   WON 7: L01 L02 L03 L04 L12 L25 L26 (L15 and L27 win only in June)                   7/15 = 0.4667
     * as of 06-01: won 7 (WON: L02 L03 L25; AFTER_SALES: L01 L04 L12 L26); lost 12 (the lost-reasons list);
     *   disqualified 3 (L16 L17 L18); open 30 − 22 = 8 (L14 L19 L20 L21 L22 L23 L24 L27)
     * winRate 7 / (7 + 12 + 3) = 7/22 = 0.3182
     * days to win: L01 03-02 08 → 03-06 10 = 4.083; L02 03-02 10 → 03-06 14 = 4.167; L03 03-03 08 → 03-20 10 = 17.083;
     *   L04 03-03 12 → 03-09 12 = 6; L12 03-09 10 → 04-15 14 = 37.167; L25 04-01 09 → 04-07 09 = 6; L26 04-27 10 → 05-06 10 = 9
     *   sorted 4.083, 4.167, 6, 6, 9, 17.083, 37.167 → median (4th of 7) = 6.0
     */
    @Test
    void funnel() {
        funnelOfAllSources();
        funnelPerSource();
    }

    private void funnelOfAllSources() {
        JsonNode r = analytics("/api/analytics/funnel?from=" + FROM + "&to=" + TO);
        assertThat(r.get("cohort").asInt()).isEqualTo(30);
        assertFunnelStages(r.get("stages"),
                new Object[]{"INQUIRY_RECEIVED", 30, 1.0},
                new Object[]{"CONTACTED", 26, 0.8667},
                new Object[]{"OFFER_PREPARATION", 21, 0.8077},
                new Object[]{"OFFER_SENT", 19, 0.9048},
                new Object[]{"FOLLOW_UP", 15, 0.7895},
                new Object[]{"WON", 7, 0.4667});
        assertThat(r.get("won").asInt()).isEqualTo(7);
        // issue 9: the final values of the 7 won: L01 10000 + L03 7000 + L04 19000 + L25 6500 = 42500 PLN;
        //   L02 5000 + L12 11000 + L26 7600 = 23600 EUR
        assertMoney(r.get("wonValue"), money("PLN", "42500", "EUR", "23600"), "wonValue");
        assertThat(r.get("lost").asInt()).isEqualTo(12);
        assertThat(r.get("disqualified").asInt()).isEqualTo(3);
        assertThat(r.get("open").asInt()).isEqualTo(8);
        assertThat(r.get("winRate").asDouble()).isCloseTo(0.3182, within(0.0001));
        assertThat(r.get("medianDaysToWin").asDouble()).isCloseTo(6.0, within(0.01));
    }

    /*
     * Per source WEBSITE, cohort: L01 L08 L11 L17 L20 L27 L32 = 7
     *   CONTACTED 6 (not L20) 6/7 = 0.8571; OFFER_PREPARATION 5 (not L17) 5/6 = 0.8333; OFFER_SENT 5 → 1.0;
     *   FOLLOW_UP 4 (not L08) 4/5 = 0.8; WON 1 (L01) 1/4 = 0.25
     *   won 1 (L01), lost 3 (L08 L11 L32), disqualified 1 (L17), open 2 (L20 L27); winRate 1/5 = 0.2
     */
    private void funnelPerSource() {
        JsonNode r = analytics("/api/analytics/funnel?from=" + FROM + "&to=" + TO + "&source=WEBSITE");
        assertThat(r.get("cohort").asInt()).isEqualTo(7);
        assertFunnelStages(r.get("stages"),
                new Object[]{"INQUIRY_RECEIVED", 7, 1.0},
                new Object[]{"CONTACTED", 6, 0.8571},
                new Object[]{"OFFER_PREPARATION", 5, 0.8333},
                new Object[]{"OFFER_SENT", 5, 1.0},
                new Object[]{"FOLLOW_UP", 4, 0.8},
                new Object[]{"WON", 1, 0.25});
        assertThat(r.get("won").asInt()).isEqualTo(1);
        assertThat(r.get("lost").asInt()).isEqualTo(3);
        assertThat(r.get("disqualified").asInt()).isEqualTo(1);
        assertThat(r.get("open").asInt()).isEqualTo(2);
        assertThat(r.get("winRate").asDouble()).isCloseTo(0.2, within(0.0001));
    }

    // ==============================================================================================
    // SLA — window [03-01, 06-01)
    // ==============================================================================================

    /*
     * Offers (promise in the window; sent at or before it = on time):
     *   on time 15: L01 (sent 03-04 09 ≤ 03-04 10), L02 (03-05 10 = promise), L04, L08, L10, L11, L12 (= promise), L14, L15,
     *               L19, L23, L24, L26, L27, L31
     *   late 5:     L03 (promise 03-05 11, sent 17), L09 (03-08 12, sent 18), L25 (04-03 11, sent 15), L32 (05-06 16, sent 20),
     *               L22 (promise 05-22 10, still preparing)
     *   not judged: L07 (lost 03-07 16, before its promise 03-09 10)
     *   due 20, onTimeRate 15/20 = 0.75
     * Follow-ups (due in the window; first follow-up at or before it = on time):
     *   on time 11: L01, L03, L04, L10 (exactly at 03-12 09), L12, L19, L24, L25, L26 (due 05-02 10 with a reason), L27, L32
     *   late 5:     L08 (due 03-09 12, still OFFER_SENT; lost 03-11), L09 (due 03-10 18, follow-up 03-11 08),
     *               L14 (due 05-08 10, follow-up 05-09 10), L15 (due 04-24 10, follow-up 04-25 10), L23 (due 05-25 09, still OFFER_SENT)
     *   not judged: L02 (won 03-06 14 before its due time), L11 1st (lost 03-12 16 before 03-13 10), L11 2nd (a reopening:
     *               no due time), L31 (lost 04-09 17 before 04-10 13)
     *   due 16, onTimeRate 11/16 = 0.6875
     * overdueNow as of 06-01: offers 1 (L22, in OFFER_PREPARATION past 05-22 10), followUps 1 (L23, in OFFER_SENT past 05-25 09)
     */
    @Test
    void sla() {
        JsonNode r = analytics("/api/analytics/sla?from=" + FROM + "&to=" + TO);
        JsonNode offers = r.get("offers");
        assertThat(offers.get("due").asInt()).isEqualTo(20);
        assertThat(offers.get("onTime").asInt()).isEqualTo(15);
        assertThat(offers.get("late").asInt()).isEqualTo(5);
        assertThat(offers.get("onTimeRate").asDouble()).isCloseTo(0.75, within(0.0001));
        JsonNode followUps = r.get("followUps");
        assertThat(followUps.get("due").asInt()).isEqualTo(16);
        assertThat(followUps.get("onTime").asInt()).isEqualTo(11);
        assertThat(followUps.get("late").asInt()).isEqualTo(5);
        assertThat(followUps.get("onTimeRate").asDouble()).isCloseTo(0.6875, within(0.0001));
        assertThat(r.get("overdueNow").get("offers").asInt()).isEqualTo(1);
        assertThat(r.get("overdueNow").get("followUps").asInt()).isEqualTo(1);
        rhythmOfTheFirstWindow(r);
    }

    /*
     * Issue 9, the "3x48" rhythm in [03-01, 06-01): every follow-up that left the lead in FOLLOW_UP set the next one
     * 48 h later (the script names none); judged on time when the next follow-up came by then, late when none had
     * come while the lead was still in FOLLOW_UP, not at all when the lead left FOLLOW_UP before.
     *   on time 7: L03 03-06 17 (due 03-08 17, next 03-08 10), L03 03-08 10 (due 03-10 10, next exactly then),
     *              L10 03-12 09 and 03-14 09 (next exactly at the due times), L19 03-19 11, 03-21 11, 03-23 11
     *   late 10:   L04 (due 03-09 08, won 03-09 12), L09 (03-13 08, lost 03-13 15), L11 (04-12 10, lost 05-05),
     *              L12 (03-14 14, lost 03-16 14), L14 (05-11 10, lost 06-10), L15 (04-27 10, lost 05-12),
     *              L24 (05-16 11, still there), L26 (05-02 16, won 05-06), L27 (05-30 10, won 06-03),
     *              L32 (05-10 08, lost 05-14)
     *   not judged: L01 (due 03-07 09, won 03-06 10), L25 (due 04-07 11, won 04-07 09); the follow-ups that parked
     *              L03, L10, L19 set none
     *   due 17, onTimeRate 7/17 = 0.4118; overdue at 06-01: L14, L24, L27 (in FOLLOW_UP past their due time) = 3
     */
    private void rhythmOfTheFirstWindow(JsonNode r) {
        assertKept(r.get("followUpRhythm"), 17, 7, 10, 0.4118);
        assertThat(r.get("overdueNow").get("followUpRhythm").asInt()).isEqualTo(3);
    }

    // ==============================================================================================
    // Pipeline board as it stood at three past instants (read as manager)
    // ==============================================================================================

    /*
     * at 03-06 12:30 — L01 already WON (03-06 10), L11+ not registered yet.
     *   INQUIRY_RECEIVED: L05 (since 03-04 09, 51.5 h, no next step), L10 (since 03-06 10, 2.5 h, no next step)
     *   CONTACTED: L06 (03-04 14, 46.5 h, estimate 8000, next contact 03-06 10 < at → overdue),
     *              L08 (03-05 13, 23.5 h, estimate 18000 from 03-06 11, next contact 03-06 15),
     *              L09 (03-06 12, 0.5 h, not qualified yet: no value; owner still sales — reassigned only 03-09)
     *              → 8000 + 18000 = 26000 PLN
     *   OFFER_PREPARATION: L07 (03-06 10, 2.5 h, 12000, promise 03-09 10) → 12000 PLN
     *   OFFER_SENT: L02 (03-05 10, 26.5 h, 5000 EUR, due 03-07 10), L03 (03-05 17, 19.5 h, 7000, due 03-07 17),
     *               L04 (03-06 08, 4.5 h, 22000 — revised to 19000 only on 03-08, due 03-08 08) → 29000 PLN, 5000 EUR
     *   FOLLOW_UP, LET_THEM_BUY, AFTER_SALES: empty
     */
    @Test
    void boardAsOf() {
        boardEarly();
        boardAfterReopenings();
        boardAtTheEnd();
    }

    private void boardEarly() {
        assertBoard(t("03-06T12:30"),
                column("INQUIRY_RECEIVED", money(),
                        card("L05", "03-04T09:00", 51.5, "sales", null, null, "NO_NEXT_STEP"),
                        card("L10", "03-06T10:00", 2.5, "sales2", null, null, "NO_NEXT_STEP")),
                column("CONTACTED", money("PLN", "26000"),
                        card("L06", "03-04T14:00", 46.5, "sales2", "8000", "PLN", "NEXT_STEP_OVERDUE"),
                        card("L08", "03-05T13:00", 23.5, "sales2", "18000", "PLN"),
                        card("L09", "03-06T12:00", 0.5, "sales", null, null)),
                column("OFFER_PREPARATION", money("PLN", "12000"),
                        card("L07", "03-06T10:00", 2.5, "sales", "12000", "PLN")),
                column("OFFER_SENT", money("PLN", "29000", "EUR", "5000"),
                        card("L02", "03-05T10:00", 26.5, "sales2", "5000", "EUR"),
                        card("L03", "03-05T17:00", 19.5, "sales", "7000", "PLN"),
                        card("L04", "03-06T08:00", 4.5, "sales2", "22000", "PLN")),
                column("FOLLOW_UP", money()),
                column("LET_THEM_BUY", money()),
                // issue 9: won leads wait on the board for their after-sales plan; L01 won 2.5 h ago (< 48 h: no flag)
                column("WON", money("PLN", "10000"),
                        card("L01", "03-06T10:00", 2.5, "sales", "10000", "PLN")),
                column("AFTER_SALES", money()));
    }

    /*
     * at 04-14 12:00 — reopened leads back on the board.
     *   INQUIRY_RECEIVED: L30 (since 04-14 09, 3 h, no next step)
     *   CONTACTED, OFFER_PREPARATION, OFFER_SENT: empty (L13 re-lost 04-03, L18 disqualified 04-08, L25 won 04-07,
     *              L31 lost 04-09, L10 lost 04-06; L11's second OFFER_SENT visit ended 04-10)
     *   FOLLOW_UP: L11 (since 04-10 10 = 4 d 2 h = 98 h, value 27000 after the 04-09 revision, next step 04-14 10 < at → overdue),
     *              L12 (reopened into FOLLOW_UP 04-13 14, 22 h, 11000 EUR; flags not checked, see below)
     *              → 27000 PLN, 11000 EUR
     *   LET_THEM_BUY: L19 (since 03-25 11 = 20 d 1 h = 481 h, 16000; its last follow-up agreed no next step)
     *   AFTER_SALES: L01 (since 03-07 10 = 38 d 2 h = 914 h, 10000), L04 (since 03-10 12 = 35 d = 840 h, 19000) → 29000 PLN
     */
    private void boardAfterReopenings() {
        assertBoard(t("04-14T12:00"),
                column("INQUIRY_RECEIVED", money(),
                        card("L30", "04-14T09:00", 3.0, "sales2", null, null, "NO_NEXT_STEP")),
                column("CONTACTED", money()),
                column("OFFER_PREPARATION", money()),
                column("OFFER_SENT", money()),
                column("FOLLOW_UP", money("PLN", "27000", "EUR", "11000"),
                        card("L11", "04-10T10:00", 98.0, "sales", "27000", "PLN", "NEXT_STEP_OVERDUE"),
                        card("L12", "04-13T14:00", 22.0, "sales2", "11000", "EUR").flagsNotChecked()),
                column("LET_THEM_BUY", money("PLN", "16000"),
                        card("L19", "03-25T11:00", 481.0, "sales", "16000", "PLN", "NO_NEXT_STEP")),
                // issue 9: won without an after-sales plan for more than 48 h:
                //   L02 03-06 14 → 04-14 12 = 38 d 22 h = 934 h, L03 03-20 10 → 25 d 2 h = 602 h, L25 04-07 09 → 7 d 3 h = 171 h
                column("WON", money("PLN", "13500", "EUR", "5000"),
                        card("L02", "03-06T14:00", 934.0, "sales2", "5000", "EUR", "NO_AFTER_SALES_PLAN"),
                        card("L03", "03-20T10:00", 602.0, "sales", "7000", "PLN", "NO_AFTER_SALES_PLAN"),
                        card("L25", "04-07T09:00", 171.0, "sales", "6500", "PLN", "NO_AFTER_SALES_PLAN")),
                column("AFTER_SALES", money("PLN", "29000"),
                        card("L01", "03-07T10:00", 914.0, "sales", "10000", "PLN").flagsNotChecked(),
                        card("L04", "03-10T12:00", 840.0, "sales2", "19000", "PLN").flagsNotChecked()));
    }

    /*
     * at 06-20 12:00 — after everything but L14's loss (06-10 — gone) and L15's, L27's wins (gone).
     *   INQUIRY_RECEIVED: L20 (05-18 09 → 33 d 3 h = 795 h), L29 (06-08 10 → 12 d 2 h = 290 h); both no next step
     *   CONTACTED: L21 (05-19 13 → 32 d − 1 h = 767 h, 3000 EUR, next contact 05-21 10 overdue),
     *              L28 (06-02 15 → 18 d − 3 h = 429 h, no value, next contact 06-04 10 overdue) → 3000 EUR
     *   OFFER_PREPARATION: L22 (05-21 10 → 30 d 2 h = 722 h, 25000, promise 05-22 10 passed: OFFER_LATE + NEXT_STEP_OVERDUE)
     *   OFFER_SENT: L23 (05-23 09 → 28 d 3 h = 675 h, 14000, due 05-25 09 passed: FOLLOW_UP_OVERDUE + NEXT_STEP_OVERDUE)
     *   FOLLOW_UP: L24 (05-14 11 → 37 d 1 h = 889 h, 10000 EUR, next step 06-25 10 not due; owner sales since 05-15) — no flag
     *   LET_THEM_BUY: L19 (03-25 11 → 87 d 1 h = 2089 h, 16000, no next step)
     *   AFTER_SALES: L01 (03-07 10 → 105 d 2 h = 2522 h, 10000), L04 (03-10 12 → 102 d = 2448 h, 19000),
     *                L12 (04-17 14 → 64 d − 2 h = 1534 h, 11000 EUR), L26 (05-07 10 → 44 d 2 h = 1058 h, 7600 EUR after revision)
     *                → 29000 PLN, 18600 EUR
     */
    private void boardAtTheEnd() {
        assertBoard(t("06-20T12:00"),
                column("INQUIRY_RECEIVED", money(),
                        card("L20", "05-18T09:00", 795.0, "sales2", null, null, "NO_NEXT_STEP"),
                        card("L29", "06-08T10:00", 290.0, "sales", null, null, "NO_NEXT_STEP")),
                column("CONTACTED", money("EUR", "3000"),
                        card("L21", "05-19T13:00", 767.0, "sales", "3000", "EUR", "NEXT_STEP_OVERDUE"),
                        card("L28", "06-02T15:00", 429.0, "sales2", null, null, "NEXT_STEP_OVERDUE")),
                column("OFFER_PREPARATION", money("PLN", "25000"),
                        card("L22", "05-21T10:00", 722.0, "sales2", "25000", "PLN", "NEXT_STEP_OVERDUE", "OFFER_LATE")),
                column("OFFER_SENT", money("PLN", "14000"),
                        card("L23", "05-23T09:00", 675.0, "sales", "14000", "PLN", "NEXT_STEP_OVERDUE", "FOLLOW_UP_OVERDUE")),
                column("FOLLOW_UP", money("EUR", "10000"),
                        card("L24", "05-14T11:00", 889.0, "sales", "10000", "EUR")),
                column("LET_THEM_BUY", money("PLN", "16000"),
                        card("L19", "03-25T11:00", 2089.0, "sales", "16000", "PLN", "NO_NEXT_STEP")),
                // issue 9: L02 03-06 14 → 06-20 12 = 105 d 22 h = 2542 h, L03 03-20 10 → 92 d 2 h = 2210 h,
                //   L25 04-07 09 → 74 d 3 h = 1779 h, L27 06-03 12 → 17 d = 408 h, L15 06-05 10 → 15 d 2 h = 362 h
                //   → 7000 + 6500 + 5000 + 4500 = 23000 PLN, 5000 EUR; all without a plan for more than 48 h
                column("WON", money("PLN", "23000", "EUR", "5000"),
                        card("L02", "03-06T14:00", 2542.0, "sales2", "5000", "EUR", "NO_AFTER_SALES_PLAN"),
                        card("L03", "03-20T10:00", 2210.0, "sales", "7000", "PLN", "NO_AFTER_SALES_PLAN"),
                        card("L25", "04-07T09:00", 1779.0, "sales", "6500", "PLN", "NO_AFTER_SALES_PLAN"),
                        card("L27", "06-03T12:00", 408.0, "sales", "5000", "PLN", "NO_AFTER_SALES_PLAN"),
                        card("L15", "06-05T10:00", 362.0, "sales", "4500", "PLN", "NO_AFTER_SALES_PLAN")),
                column("AFTER_SALES", money("PLN", "29000", "EUR", "18600"),
                        card("L01", "03-07T10:00", 2522.0, "sales", "10000", "PLN").flagsNotChecked(),
                        card("L04", "03-10T12:00", 2448.0, "sales2", "19000", "PLN").flagsNotChecked(),
                        card("L12", "04-17T14:00", 1534.0, "sales2", "11000", "EUR").flagsNotChecked(),
                        card("L26", "05-07T10:00", 1058.0, "sales2", "7600", "EUR").flagsNotChecked()));
    }

    // ==============================================================================================
    // Issue 9
    // ==============================================================================================

    private static final String W2_FROM = t("07-01T00:00");
    private static final String W2_TO = t("09-01T00:00");

    /*
     * groupBy=competitor, [03-01, 06-01): the 12 losses above by the competitor named at the loss (none: key null)
     *   null 9: L05 –, L06 8000, L07 12000, L09 13000, L10 9000 EUR, L13 –, L15 4500, L30 –, L32 11500 EUR
     *           → 37500 PLN, 20500 EUR; 9/12 = 0.75
     *   "Acme CRM" 2: L08 20000 + L31 10000 = 30000 PLN; 2/12 = 0.1667      "Beta Systems" 1: L11 27000; 0.0833
     * [03-01, 09-01) as of 09-01: L15 is won again (06-05), L14 (06-10, 6000, no competitor) and L34 (07-15, Acme CRM,
     *   8000 EUR) are lost → 13: null 9 (L14 replaces L15: 39000 PLN, 20500 EUR) 0.6923; Acme CRM 3 (30000 PLN,
     *   8000 EUR) 0.2308; Beta Systems 1 0.0769. Disqualified as of 09-01: L16, L17, L18, L37 → null 4, 1.0
     */
    @Test
    void lostReasonsByCompetitor() {
        JsonNode r = analytics("/api/analytics/lost-reasons?from=" + FROM + "&to=" + TO + "&groupBy=competitor");
        assertThat(r.get("lost").asInt()).isEqualTo(12);
        assertGroups(r.get("groups"),
                group(null, 9, 0.75, "PLN", "37500", "EUR", "20500"),
                group("Acme CRM", 2, 0.1667, "PLN", "30000"),
                group("Beta Systems", 1, 0.0833, "PLN", "27000"));
        assertGroups(r.get("disqualifiedGroups"), group(null, 3, 1.0));

        JsonNode later = analytics("/api/analytics/lost-reasons?from=" + FROM + "&to=" + W2_TO + "&groupBy=competitor");
        assertThat(later.get("lost").asInt()).isEqualTo(13);
        assertGroups(later.get("groups"),
                group(null, 9, 0.6923, "PLN", "39000", "EUR", "20500"),
                group("Acme CRM", 3, 0.2308, "PLN", "30000", "EUR", "8000"),
                group("Beta Systems", 1, 0.0769, "PLN", "27000"));
        assertGroups(later.get("disqualifiedGroups"), group(null, 4, 1.0));
    }

    /*
     * Owners in analytics come from the time-stamped reassignments, never today's owner.
     *
     * Losses by the owner at the loss, [03-01, 09-01), owner=sales2: L06 TIMING 8000, L08 COMPETITOR 20000, L09 PRICE
     *   13000 (reassigned to sales on 07-02, after its loss: still sales2's), L10 NO_DECISION 9000 EUR, L13 NEEDS_NOT_MET
     *   (reassigned to sales2 03-25, before its loss), L14 NO_RESPONSE 6000, L30 NO_RESPONSE, L32 PRICE 11500 EUR,
     *   L34 COMPETITOR 8000 EUR = 9 → 2/9 = 0.2222, 1/9 = 0.1111. Disqualified: L16 ORDER_TOO_SMALL, L18, L37 NOT_A_FIT.
     *   owner=sales: L05 NO_RESPONSE, L07 OTHER 12000, L11 COMPETITOR 27000, L31 COMPETITOR 10000 = 4 (not L09).
     *
     * Time in stage, source=GOOGLE_ADS (L06 sales2; L13 sales → sales2 on 03-25; L22 sales2 → sales on 07-02;
     * L29 sales), owner=sales2, from 03-01:
     *   to 06-01 — completed visits by the owner when they ended: IR L06 3, L22 2 (mean 2.5, median 2.5,
     *     p90 2 + 0.9·1 = 2.9, max 3); CONTACTED L06 192, L13 2nd 264 (ended 04-03, after the reassignment), L22 24
     *     (mean 160, median 192, p90 192 + 0.8·72 = 249.6, max 264); L13's IR, 1st CONTACTED and 1st LOST ended under
     *     sales. Open at 06-01 by the owner then: OFFER_PREPARATION L22 254 (its reassignment in July changes
     *     nothing for this `to`); LOST L06 1930, L13 1406 → median 1668.
     *   to 09-01 — the same completed visits; open at 09-01: L22 is sales's now (OFFER_PREPARATION: 0, null);
     *     LOST L06 1930 + 2208 = 4138, L13 1406 + 2208 = 3614 → median 3876.
     *   owner=sales, to 09-01: IR L13 2 (open: L29 06-08 10 → 09-01 = 84 d 14 h = 2030); CONTACTED L13 1st 72;
     *     LOST L13 1st 240; open OFFER_PREPARATION L22 254 + 2208 = 2462.
     *
     * Funnel by the owner at registration, source=GOOGLE_ADS, [03-01, 06-01): owner=sales → L13 only (registered by
     *   sales; sales2 owned it at `to`): reached IR 1, CONTACTED 1, OP 0 (0.0), OS 0 (null), FU 0 (null), WON 0 (null);
     *   lost 1, winRate 0/1 = 0.0, medianDaysToWin null. owner=sales2 → L06, L22: IR 2, CONTACTED 2, OP 1 (0.5),
     *   OS 0 (0.0), FU 0 (null), WON 0 (null); lost 1, open 1, winRate 0.0.
     *
     * SLA by the owner at the promised or due time, [07-01, 09-01) — L36's offer follow-up was due 07-10 09 under
     * sales; the manager gave the lead to sales2 on 07-11, who followed up on 07-12 (late) and kept the rhythm once:
     *   owner=sales:  offers L35, L36 on time → 2/2/0 (1.0); follow-ups L33 on time, L35 on time, L36 late → 3/2/1
     *                 (0.6667); rhythm L33 07-07 12 on time, L33 07-10 10 late → 2/1/1 (0.5)
     *   owner=sales2: offers none (null); follow-ups L34 late → 1/0/1 (0.0); rhythm L34 07-10 12 late, L36 07-14 09
     *                 on time, L36 07-16 08 late → 3/1/2 (0.3333)
     *   overdue at 09-01 by the owner then: sales — offers L22, follow-ups L23, rhythm L24 (1 each); sales2 — rhythm L36
     */
    @Test
    void ownersFromTimeStampedReassignments() {
        JsonNode sales2 = analytics("/api/analytics/lost-reasons?from=" + FROM + "&to=" + W2_TO + "&owner=sales2");
        assertThat(sales2.get("lost").asInt()).isEqualTo(9);
        assertGroups(sales2.get("groups"),
                group("COMPETITOR", 2, 0.2222, "PLN", "20000", "EUR", "8000"),
                group("NO_RESPONSE", 2, 0.2222, "PLN", "6000"),
                group("PRICE", 2, 0.2222, "PLN", "13000", "EUR", "11500"),
                group("NEEDS_NOT_MET", 1, 0.1111),
                group("NO_DECISION", 1, 0.1111, "EUR", "9000"),
                group("TIMING", 1, 0.1111, "PLN", "8000"));
        assertGroups(sales2.get("disqualifiedGroups"),
                group("NOT_A_FIT", 2, 0.6667),
                group("ORDER_TOO_SMALL", 1, 0.3333));
        JsonNode sales = analytics("/api/analytics/lost-reasons?from=" + FROM + "&to=" + W2_TO + "&owner=sales");
        assertGroups(sales.get("groups"),
                group("COMPETITOR", 2, 0.5, "PLN", "37000"),
                group("NO_RESPONSE", 1, 0.25),
                group("OTHER", 1, 0.25, "PLN", "12000"));

        String ads = "/api/analytics/time-in-stage?from=" + FROM + "&source=GOOGLE_ADS";
        assertStageStats(analytics(ads + "&owner=sales2&to=" + TO).get("stages"),
                stats("INQUIRY_RECEIVED", 2, 2.5, 2.5, 2.9, 3.0, 0, null),
                stats("CONTACTED", 3, 160.0, 192.0, 249.6, 264.0, 0, null),
                stats("OFFER_PREPARATION", 0, null, null, null, null, 1, 254.0),
                stats("OFFER_SENT", 0, null, null, null, null, 0, null),
                stats("FOLLOW_UP", 0, null, null, null, null, 0, null),
                stats("LET_THEM_BUY", 0, null, null, null, null, 0, null),
                stats("WON", 0, null, null, null, null, 0, null),
                stats("AFTER_SALES", 0, null, null, null, null, 0, null),
                stats("LOST", 0, null, null, null, null, 2, 1668.0),
                stats("DISQUALIFIED", 0, null, null, null, null, 0, null));
        assertStageStats(analytics(ads + "&owner=sales2&to=" + W2_TO).get("stages"),
                stats("INQUIRY_RECEIVED", 2, 2.5, 2.5, 2.9, 3.0, 0, null),
                stats("CONTACTED", 3, 160.0, 192.0, 249.6, 264.0, 0, null),
                stats("OFFER_PREPARATION", 0, null, null, null, null, 0, null),
                stats("OFFER_SENT", 0, null, null, null, null, 0, null),
                stats("FOLLOW_UP", 0, null, null, null, null, 0, null),
                stats("LET_THEM_BUY", 0, null, null, null, null, 0, null),
                stats("WON", 0, null, null, null, null, 0, null),
                stats("AFTER_SALES", 0, null, null, null, null, 0, null),
                stats("LOST", 0, null, null, null, null, 2, 3876.0),
                stats("DISQUALIFIED", 0, null, null, null, null, 0, null));
        assertStageStats(analytics(ads + "&owner=sales&to=" + W2_TO).get("stages"),
                stats("INQUIRY_RECEIVED", 1, 2.0, 2.0, 2.0, 2.0, 1, 2030.0),
                stats("CONTACTED", 1, 72.0, 72.0, 72.0, 72.0, 0, null),
                stats("OFFER_PREPARATION", 0, null, null, null, null, 1, 2462.0),
                stats("OFFER_SENT", 0, null, null, null, null, 0, null),
                stats("FOLLOW_UP", 0, null, null, null, null, 0, null),
                stats("LET_THEM_BUY", 0, null, null, null, null, 0, null),
                stats("WON", 0, null, null, null, null, 0, null),
                stats("AFTER_SALES", 0, null, null, null, null, 0, null),
                stats("LOST", 1, 240.0, 240.0, 240.0, 240.0, 0, null),
                stats("DISQUALIFIED", 0, null, null, null, null, 0, null));

        JsonNode cohortOfSales = analytics("/api/analytics/funnel?from=" + FROM + "&to=" + TO + "&source=GOOGLE_ADS&owner=sales");
        assertThat(cohortOfSales.get("cohort").asInt()).isEqualTo(1);
        assertFunnelStages(cohortOfSales.get("stages"),
                new Object[]{"INQUIRY_RECEIVED", 1, 1.0},
                new Object[]{"CONTACTED", 1, 1.0},
                new Object[]{"OFFER_PREPARATION", 0, 0.0},
                new Object[]{"OFFER_SENT", 0, null},
                new Object[]{"FOLLOW_UP", 0, null},
                new Object[]{"WON", 0, null});
        assertThat(cohortOfSales.get("lost").asInt()).isEqualTo(1);
        assertThat(cohortOfSales.get("winRate").asDouble()).isEqualTo(0.0);
        assertThat(cohortOfSales.has("medianDaysToWin")).as("nulls are present").isTrue();
        assertThat(cohortOfSales.get("medianDaysToWin").isNull()).isTrue();
        JsonNode cohortOfSales2 = analytics("/api/analytics/funnel?from=" + FROM + "&to=" + TO + "&source=GOOGLE_ADS&owner=sales2");
        assertThat(cohortOfSales2.get("cohort").asInt()).isEqualTo(2);
        assertFunnelStages(cohortOfSales2.get("stages"),
                new Object[]{"INQUIRY_RECEIVED", 2, 1.0},
                new Object[]{"CONTACTED", 2, 1.0},
                new Object[]{"OFFER_PREPARATION", 1, 0.5},
                new Object[]{"OFFER_SENT", 0, 0.0},
                new Object[]{"FOLLOW_UP", 0, null},
                new Object[]{"WON", 0, null});
        assertThat(cohortOfSales2.get("lost").asInt()).isEqualTo(1);
        assertThat(cohortOfSales2.get("open").asInt()).isEqualTo(1);

        JsonNode slaOfSales = analytics("/api/analytics/sla?from=" + W2_FROM + "&to=" + W2_TO + "&owner=sales");
        assertKept(slaOfSales.get("offers"), 2, 2, 0, 1.0);
        assertKept(slaOfSales.get("followUps"), 3, 2, 1, 0.6667);
        assertKept(slaOfSales.get("followUpRhythm"), 2, 1, 1, 0.5);
        assertOverdue(slaOfSales.get("overdueNow"), 1, 1, 1);
        JsonNode slaOfSales2 = analytics("/api/analytics/sla?from=" + W2_FROM + "&to=" + W2_TO + "&owner=sales2");
        assertKept(slaOfSales2.get("offers"), 0, 0, 0, null);
        assertKept(slaOfSales2.get("followUps"), 1, 0, 1, 0.0);
        assertKept(slaOfSales2.get("followUpRhythm"), 3, 1, 2, 0.3333);
        assertOverdue(slaOfSales2.get("overdueNow"), 0, 0, 1);
    }

    /*
     * The rhythm and the other promises in [07-01, 09-01), every owner:
     *   offers: L35 (promise 07-03 10, sent 09), L36 (07-08 10, sent 09) → 2/2/0 (1.0)
     *   follow-ups after the offer: L33 (due 07-05 12, 07-04 12) on time, L34 (07-06 12, 07-07 12) late, L35 (07-05 09,
     *     07-04 09) on time, L36 (07-10 09, 07-12 09) late → 4/2/2 (0.5)
     *   rhythm: L33 due 07-07 12 (next 07-07 10) on time, due 07-10 10 (next 07-10 12) late, due 07-13 12 not judged (won
     *     07-12 12); L34 due 07-10 12 late (no next, lost 07-15); L35 due 07-06 09 not judged (won 07-05 09); L36 due
     *     07-14 09 (next 07-14 08) on time, due 07-16 08 late (still in FOLLOW_UP) → 5/2/3 (0.4)
     *   overdue at 09-01: offers L22, follow-ups L23, rhythm L24 (due 05-16 11) and L36 (07-16 08) = 2
     * Filtered: pipeline=polecenia — offers none; follow-ups L33, L34 → 2/1/1 (0.5); rhythm L33 ×2, L34 → 3/1/2 (0.3333).
     *   source=COLD_CALL — offers L36 1/1/0; follow-ups L36 1/0/1 (0.0); rhythm L36 ×2 → 2/1/1 (0.5)
     */
    @Test
    void slaWithTheRhythm_andItsFilters() {
        JsonNode r = analytics("/api/analytics/sla?from=" + W2_FROM + "&to=" + W2_TO);
        assertKept(r.get("offers"), 2, 2, 0, 1.0);
        assertKept(r.get("followUps"), 4, 2, 2, 0.5);
        assertKept(r.get("followUpRhythm"), 5, 2, 3, 0.4);
        assertOverdue(r.get("overdueNow"), 1, 1, 2);
        JsonNode referrals = analytics("/api/analytics/sla?from=" + W2_FROM + "&to=" + W2_TO + "&pipeline=polecenia");
        assertKept(referrals.get("offers"), 0, 0, 0, null);
        assertKept(referrals.get("followUps"), 2, 1, 1, 0.5);
        assertKept(referrals.get("followUpRhythm"), 3, 1, 2, 0.3333);
        JsonNode coldCalls = analytics("/api/analytics/sla?from=" + W2_FROM + "&to=" + W2_TO + "&source=COLD_CALL");
        assertKept(coldCalls.get("offers"), 1, 1, 0, 1.0);
        assertKept(coldCalls.get("followUps"), 1, 0, 1, 0.0);
        assertKept(coldCalls.get("followUpRhythm"), 2, 1, 1, 0.5);
    }

    /*
     * Two pipelines. GET /api/pipelines: default (every stage, the trainer's names) serving the six sources nobody
     * claims, polecenia serving REFERRAL. L21 (a referral registered before polecenia existed) stays on default v1.
     *
     * pipeline=polecenia, [07-01, 09-01) — L33, L34, L37:
     *   funnel over the stages it uses: IR 3, CONTACTED 3 (1.0), OFFER_SENT 2 (0.6667), FOLLOW_UP 2 (1.0), WON 1 (0.5);
     *     won 1 (L33), won value 19000 PLN, lost 1, disqualified 1, open 0, winRate 1/3 = 0.3333, days to win
     *     07-01 09 → 07-12 12 = 11.125
     *   time in stage: IR 3, 2, 3 (mean 2.6667, median 3, p90 3, max 3); CONTACTED 24, 25, 24 (mean 24.3333, median 24,
     *     p90 24 + 0.8·1 = 24.8, max 25); OFFER_SENT 48, 96 (mean 72, median 72, p90 48 + 0.9·48 = 91.2, max 96);
     *     FOLLOW_UP 192, 192; open: WON L33 07-12 12 → 09-01 = 1212, LOST L34 1140, DISQUALIFIED L37 1284
     *   lost reasons: COMPETITOR 1 (8000 EUR), disqualified NOT_A_FIT 1
     * pipeline=default, [07-01, 09-01) — L35, L36: every stage reached 2 but WON 1 (L35); won value 14000 PLN,
     *   open 1 (L36), winRate 1/1 = 1.0, days to win 07-01 10 → 07-05 09 = 3.9583
     * source=REFERRAL lost reasons [03-01, 09-01): L07 OTHER 12000, L31 COMPETITOR 10000, L34 COMPETITOR 8000 EUR;
     *   disqualified L37 NOT_A_FIT
     */
    @Test
    void twoPipelines_andTheirFilters() {
        JsonNode pipelines = read("sales", "/api/pipelines").get("pipelines");
        assertThat(pipelines.size()).isEqualTo(2);
        assertThat(pipelines.get(0).get("key").asText()).isEqualTo("default");
        assertThat(pipelines.get(0).get("stages").size()).isEqualTo(10);
        assertThat(pipelines.get(0).get("stages").get(0).get("label").asText()).isEqualTo("Zapytanie wpłynęło");
        assertThat(pipelines.get(0).get("sources")).hasSize(6);
        assertThat(pipelines.get(1).get("key").asText()).isEqualTo("polecenia");
        assertThat(pipelines.get(1).get("sources").toString()).isEqualTo("[\"REFERRAL\"]");
        assertThat(pipelines.get(1).get("rules").get("followUpWindow").asText()).isEqualTo("PT72H");
        assertThat(read("manager", "/api/leads/" + history.id("L21")).get("pipeline").get("key").asText()).isEqualTo("default");
        assertThat(read("manager", "/api/leads/" + history.id("L33")).get("pipeline").get("key").asText()).isEqualTo("polecenia");

        JsonNode funnel = analytics("/api/analytics/funnel?from=" + W2_FROM + "&to=" + W2_TO + "&pipeline=polecenia");
        assertThat(funnel.get("cohort").asInt()).isEqualTo(3);
        assertFunnelStages(funnel.get("stages"),
                new Object[]{"INQUIRY_RECEIVED", 3, 1.0},
                new Object[]{"CONTACTED", 3, 1.0},
                new Object[]{"OFFER_SENT", 2, 0.6667},
                new Object[]{"FOLLOW_UP", 2, 1.0},
                new Object[]{"WON", 1, 0.5});
        assertThat(funnel.get("won").asInt()).isEqualTo(1);
        assertMoney(funnel.get("wonValue"), money("PLN", "19000"), "polecenia's won value");
        assertThat(funnel.get("lost").asInt()).isEqualTo(1);
        assertThat(funnel.get("disqualified").asInt()).isEqualTo(1);
        assertThat(funnel.get("open").asInt()).isEqualTo(0);
        assertThat(funnel.get("winRate").asDouble()).isCloseTo(0.3333, within(0.0001));
        assertThat(funnel.get("medianDaysToWin").asDouble()).isCloseTo(11.125, within(0.01));

        JsonNode defaults = analytics("/api/analytics/funnel?from=" + W2_FROM + "&to=" + W2_TO + "&pipeline=default");
        assertFunnelStages(defaults.get("stages"),
                new Object[]{"INQUIRY_RECEIVED", 2, 1.0},
                new Object[]{"CONTACTED", 2, 1.0},
                new Object[]{"OFFER_PREPARATION", 2, 1.0},
                new Object[]{"OFFER_SENT", 2, 1.0},
                new Object[]{"FOLLOW_UP", 2, 1.0},
                new Object[]{"WON", 1, 0.5});
        assertMoney(defaults.get("wonValue"), money("PLN", "14000"), "default's won value");
        assertThat(defaults.get("open").asInt()).isEqualTo(1);
        assertThat(defaults.get("winRate").asDouble()).isEqualTo(1.0);
        assertThat(defaults.get("medianDaysToWin").asDouble()).isCloseTo(3.9583, within(0.01));

        assertStageStats(analytics("/api/analytics/time-in-stage?from=" + W2_FROM + "&to=" + W2_TO + "&pipeline=polecenia")
                        .get("stages"),
                stats("INQUIRY_RECEIVED", 3, 2.6667, 3.0, 3.0, 3.0, 0, null),
                stats("CONTACTED", 3, 24.3333, 24.0, 24.8, 25.0, 0, null),
                stats("OFFER_PREPARATION", 0, null, null, null, null, 0, null),
                stats("OFFER_SENT", 2, 72.0, 72.0, 91.2, 96.0, 0, null),
                stats("FOLLOW_UP", 2, 192.0, 192.0, 192.0, 192.0, 0, null),
                stats("LET_THEM_BUY", 0, null, null, null, null, 0, null),
                stats("WON", 0, null, null, null, null, 1, 1212.0),
                stats("AFTER_SALES", 0, null, null, null, null, 0, null),
                stats("LOST", 0, null, null, null, null, 1, 1140.0),
                stats("DISQUALIFIED", 0, null, null, null, null, 1, 1284.0));

        JsonNode lost = analytics("/api/analytics/lost-reasons?from=" + W2_FROM + "&to=" + W2_TO + "&pipeline=polecenia");
        assertGroups(lost.get("groups"), group("COMPETITOR", 1, 1.0, "EUR", "8000"));
        assertGroups(lost.get("disqualifiedGroups"), group("NOT_A_FIT", 1, 1.0));
        JsonNode referrals = analytics("/api/analytics/lost-reasons?from=" + FROM + "&to=" + W2_TO + "&source=REFERRAL");
        assertGroups(referrals.get("groups"),
                group("COMPETITOR", 2, 0.6667, "PLN", "10000", "EUR", "8000"),
                group("OTHER", 1, 0.3333, "PLN", "12000"));
        assertGroups(referrals.get("disqualifiedGroups"), group("NOT_A_FIT", 1, 1.0));
    }

    /*
     * Won with and without a plan, on the board:
     * at 07-13 12, pipeline=polecenia — its own columns (no OFFER_PREPARATION, no LET_THEM_BUY) and labels:
     *   FOLLOW_UP L34 (07-07 12, 6 d = 144 h, 8000 EUR, its follow-up agreed no next step);
     *   WON L33 (07-12 12, 24 h = polecenia's 24 h to plan after-sales: flagged, 20000 PLN offer value)
     * at 07-05 12, source=WEBSITE: IR L20 (05-18 09 → 48 d 3 h = 1155 h); WON L27 (06-03 12 → 32 d = 768 h, no plan:
     *   flagged), L35 (07-05 09, 3 h: not yet); AFTER_SALES L01 (03-07 10 → 120 d 2 h = 2882 h, its next contact
     *   04-07 10 overdue)
     * at 07-08 12, owner=ewa: the handover — L35 in AFTER_SALES since 07-06 09 (51 h), owned by ewa, next contact
     *   08-06 10 (not due)
     */
    @Test
    void wonWithAndWithoutAPlan_onTheBoardsOfAPipeline_aSource_andAnOwner() {
        JsonNode referrals = assertBoard(t("07-13T12:00"), "&pipeline=polecenia",
                column("INQUIRY_RECEIVED", money()),
                column("CONTACTED", money()),
                column("OFFER_SENT", money()),
                column("FOLLOW_UP", money("EUR", "8000"),
                        card("L34", "07-07T12:00", 144.0, "sales2", "8000", "EUR", "NO_NEXT_STEP")),
                column("WON", money("PLN", "20000"),
                        card("L33", "07-12T12:00", 24.0, "sales", "20000", "PLN", "NO_AFTER_SALES_PLAN")),
                column("AFTER_SALES", money()));
        assertThat(referrals.get("stages").get(0).get("label").asText()).isEqualTo("Polecenie wpłynęło");
        assertThat(referrals.get("stages").get(3).get("label").asText()).isEqualTo("Kolejny kontakt");
        JsonNode website = assertBoard(t("07-05T12:00"), "&source=WEBSITE",
                column("INQUIRY_RECEIVED", money(),
                        card("L20", "05-18T09:00", 1155.0, "sales2", null, null, "NO_NEXT_STEP")),
                column("CONTACTED", money()),
                column("OFFER_PREPARATION", money()),
                column("OFFER_SENT", money()),
                column("FOLLOW_UP", money()),
                column("LET_THEM_BUY", money()),
                column("WON", money("PLN", "20000"),
                        card("L27", "06-03T12:00", 768.0, "sales", "5000", "PLN", "NO_AFTER_SALES_PLAN"),
                        card("L35", "07-05T09:00", 3.0, "sales", "15000", "PLN")),
                column("AFTER_SALES", money("PLN", "10000"),
                        card("L01", "03-07T10:00", 2882.0, "sales", "10000", "PLN", "NEXT_STEP_OVERDUE")));
        assertThat(website.get("stages").get(6).get("label").asText()).isEqualTo("Wygrane");
        assertBoard(t("07-08T12:00"), "&owner=ewa",
                column("INQUIRY_RECEIVED", money()),
                column("CONTACTED", money()),
                column("OFFER_PREPARATION", money()),
                column("OFFER_SENT", money()),
                column("FOLLOW_UP", money()),
                column("LET_THEM_BUY", money()),
                column("WON", money()),
                column("AFTER_SALES", money("PLN", "15000"),
                        card("L35", "07-06T09:00", 51.0, "ewa", "15000", "PLN")));
        // the lead list takes the same filters, now: won without a plan — L02, L03, L15, L25, L27 (default, 48 h) and
        // L33 (polecenia, 24 h); L35 has one. The leads of polecenia: L33 (WON), L34 (LOST), L37 (DISQUALIFIED)
        assertThat(read("manager", "/api/leads?flag=NO_AFTER_SALES_PLAN&size=100").get("items"))
                .extracting(l -> history.name(l.get("leadId").asText()))
                .containsExactlyInAnyOrder("L02", "L03", "L15", "L25", "L27", "L33");
        assertThat(read("manager", "/api/leads?pipeline=polecenia&size=100").get("items"))
                .extracting(l -> history.name(l.get("leadId").asText()) + " " + l.get("stage").asText())
                .containsExactlyInAnyOrder("L33 WON", "L34 LOST", "L37 DISQUALIFIED");
        JsonNode handedOver = read("manager", "/api/leads/" + history.id("L35"));
        assertThat(handedOver.get("owner").asText()).isEqualTo("ewa");
        assertThat(handedOver.get("afterSalesContacts").size()).isEqualTo(1);
        assertThat(read("manager", "/api/leads/" + history.id("L05")).get("contact").get("email").asText())
                .isEqualTo("l05.new@example.com");
    }

    /** The lead page and the board agree on every lead's next step (and a cleared one is null on both). */
    @Test
    void theLeadPageAndTheBoard_agreeOnTheNextStep() {
        JsonNode board = read("manager", "/api/pipeline");
        int compared = 0;
        for (JsonNode stage : board.get("stages")) {
            for (JsonNode card : stage.get("leads")) {
                JsonNode page = read("manager", "/api/leads/" + card.get("leadId").asText());
                assertThat(page.get("nextStep")).as("next step of %s", history.name(card.get("leadId").asText()))
                        .isEqualTo(card.get("nextStep"));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(15);
        // the page keeps what the board shows, e.g. L24's next step agreed at its follow-up
        assertThat(read("manager", "/api/leads/" + history.id("L24")).get("nextStep").get("dueAt").asText())
                .isEqualTo(t("06-25T10:00"));
    }

    // ==============================================================================================
    // helpers
    // ==============================================================================================

    private static void assertKept(JsonNode kept, int due, int onTime, int late, Double rate) {
        assertThat(kept.get("due").asInt()).as("due of %s", kept).isEqualTo(due);
        assertThat(kept.get("onTime").asInt()).as("onTime of %s", kept).isEqualTo(onTime);
        assertThat(kept.get("late").asInt()).as("late of %s", kept).isEqualTo(late);
        if (rate == null) {
            assertThat(kept.has("onTimeRate") && kept.get("onTimeRate").isNull()).as("onTimeRate null in %s", kept).isTrue();
        } else {
            assertThat(kept.get("onTimeRate").asDouble()).as("onTimeRate of %s", kept).isCloseTo(rate, within(0.0001));
        }
    }

    private static void assertOverdue(JsonNode overdue, int offers, int followUps, int rhythm) {
        assertThat(overdue.get("offers").asInt()).as("overdue offers %s", overdue).isEqualTo(offers);
        assertThat(overdue.get("followUps").asInt()).as("overdue follow-ups %s", overdue).isEqualTo(followUps);
        assertThat(overdue.get("followUpRhythm").asInt()).as("overdue rhythm %s", overdue).isEqualTo(rhythm);
    }

    private JsonNode analytics(String path) {
        return read("analyst", path);
    }

    private JsonNode read(String user, String path) {
        Http.Response r = Http.on(port).as(user).get(path);
        assertThat(r.status()).as("GET %s → %s", path, r).isEqualTo(200);
        return r.json();
    }

    record Group(String key, int count, double share, Map<String, BigDecimal> value) {
    }

    /** {@code money}: currency, amount, currency, amount … (none: no value). */
    static Group group(String key, int count, double share, String... money) {
        return new Group(key, count, share, money(money));
    }

    static Map<String, BigDecimal> money(String... currencyAmount) {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        for (int i = 0; i < currencyAmount.length; i += 2) {
            m.put(currencyAmount[i], new BigDecimal(currencyAmount[i + 1]));
        }
        return m;
    }

    /** Groups in the expected order (count descending, then key), each with count, share (4 decimals) and value. */
    private static void assertGroups(JsonNode groups, Group... expected) {
        assertThat(groups).as("groups").isNotNull();
        List<String> keys = new ArrayList<>();
        groups.forEach(g -> keys.add(g.get("key").isNull() ? null : g.get("key").asText()));
        assertThat(keys).as("group keys in order").containsExactlyElementsOf(
                Arrays.stream(expected).map(Group::key).toList());
        for (int i = 0; i < expected.length; i++) {
            Group e = expected[i];
            JsonNode g = groups.get(i);
            assertThat(g.get("count").asInt()).as("count of %s", e.key()).isEqualTo(e.count());
            assertThat(g.get("share").asDouble()).as("share of %s", e.key()).isCloseTo(e.share(), within(0.00006));
            assertMoney(g.get("value"), e.value(), "value of " + e.key());
        }
    }

    /** A money map {@code {"PLN": "57000.00", ...}}: the same currencies, the same amounts numerically. */
    private static void assertMoney(JsonNode node, Map<String, BigDecimal> expected, String what) {
        Map<String, BigDecimal> actual = new LinkedHashMap<>();
        if (node != null && !node.isNull()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                actual.put(e.getKey(), new BigDecimal(e.getValue().asText()));
            }
        }
        assertThat(actual.keySet()).as("currencies of %s: %s", what, node).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((currency, amount) -> assertThat(actual.get(currency))
                .as("%s in %s", what, currency).isEqualByComparingTo(amount));
    }

    record StageStats(String stage, int visits, Double mean, Double median, Double p90, Double max, int openVisits,
                      Double openMedianAge) {
    }

    static StageStats stats(String stage, int visits, Double mean, Double median, Double p90, Double max, int openVisits,
                            Double openMedianAge) {
        return new StageStats(stage, visits, mean, median, p90, max, openVisits, openMedianAge);
    }

    private static void assertStageStats(JsonNode stages, StageStats... expected) {
        List<String> names = new ArrayList<>();
        stages.forEach(s -> names.add(s.get("stage").asText()));
        assertThat(names).as("stages in enum order").containsExactlyElementsOf(
                Arrays.stream(expected).map(StageStats::stage).toList());
        for (int i = 0; i < expected.length; i++) {
            StageStats e = expected[i];
            JsonNode s = stages.get(i);
            assertThat(s.get("visits").asInt()).as("visits of %s", e.stage()).isEqualTo(e.visits());
            assertHours(s, "meanHours", e.mean(), e.stage());
            assertHours(s, "medianHours", e.median(), e.stage());
            assertHours(s, "p90Hours", e.p90(), e.stage());
            assertHours(s, "maxHours", e.max(), e.stage());
            assertThat(s.get("openVisits").asInt()).as("openVisits of %s", e.stage()).isEqualTo(e.openVisits());
            assertHours(s, "openMedianAgeHours", e.openMedianAge(), e.stage());
        }
    }

    private static void assertHours(JsonNode node, String field, Double expected, String stage) {
        JsonNode value = node.get(field);
        if (expected == null) {
            assertThat(value == null || value.isNull()).as("%s of %s is null: %s", field, stage, value).isTrue();
        } else {
            assertThat(value).as("%s of %s", field, stage).isNotNull();
            assertThat(value.isNull()).as("%s of %s is not null", field, stage).isFalse();
            assertThat(value.asDouble()).as("%s of %s", field, stage).isCloseTo(expected, within(0.01));
        }
    }

    private static void assertFunnelStages(JsonNode stages, Object[]... expected) {
        assertThat(stages.size()).as("funnel stages").isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            JsonNode s = stages.get(i);
            assertThat(s.get("stage").asText()).isEqualTo(expected[i][0]);
            assertThat(s.get("reached").asInt()).as("reached %s", expected[i][0]).isEqualTo(expected[i][1]);
            if (expected[i][2] == null) {
                assertThat(s.get("conversion").isNull()).as("conversion to %s is null: %s", expected[i][0], s).isTrue();
            } else {
                assertThat(s.get("conversion").asDouble()).as("conversion to %s", expected[i][0])
                        .isCloseTo((Double) expected[i][2], within(0.00006));
            }
        }
    }

    record Column(String stage, Map<String, BigDecimal> value, List<Card> cards) {
    }

    static Column column(String stage, Map<String, BigDecimal> value, Card... cards) {
        return new Column(stage, value, List.of(cards));
    }

    /**
     * A lead on the board: when it entered the stage, hours in stage to {@code at}, its owner then, its value
     * ({@code amount} null: none) and its flags (checked as a set unless {@link #flagsNotChecked()}).
     */
    record Card(String lead, String enteredAt, double hours, String owner, String amount, String currency,
                List<String> flags) {
        Card flagsNotChecked() {
            return new Card(lead, enteredAt, hours, owner, amount, currency, null);
        }
    }

    static Card card(String lead, String enteredAt, double hours, String owner, String amount, String currency,
                     String... flags) {
        return new Card(lead, enteredAt, hours, owner, amount, currency, List.of(flags));
    }

    private void assertBoard(String at, Column... expected) {
        assertBoard(at, "", expected);
    }

    /** The board at {@code at} with more query parameters ({@code "&pipeline=…"}); answers it. */
    private JsonNode assertBoard(String at, String query, Column... expected) {
        JsonNode board = read("manager", "/api/pipeline?at=" + at + query);
        assertThat(Instant.parse(board.get("at").asText())).isEqualTo(Instant.parse(at));
        JsonNode stages = board.get("stages");
        List<String> names = new ArrayList<>();
        stages.forEach(s -> names.add(s.get("stage").asText()));
        assertThat(names).as("board stages at %s", at).containsExactlyElementsOf(
                Arrays.stream(expected).map(Column::stage).toList());
        for (int i = 0; i < expected.length; i++) {
            Column e = expected[i];
            JsonNode s = stages.get(i);
            String where = e.stage() + " at " + at;
            List<String> leads = new ArrayList<>();
            s.get("leads").forEach(l -> leads.add(l.get("leadId").asText()));
            List<String> named = leads.stream().map(id -> history.name(id) != null ? history.name(id) : "foreign " + id).toList();
            assertThat(named).as("leads in %s, in order of entry", where)
                    .containsExactlyElementsOf(e.cards().stream().map(Card::lead).toList());
            assertThat(s.get("count").asInt()).as("count of %s", where).isEqualTo(e.cards().size());
            assertMoney(s.get("value"), e.value(), "value of " + where);
            for (int j = 0; j < e.cards().size(); j++) {
                Card c = e.cards().get(j);
                JsonNode l = s.get("leads").get(j);
                String who = c.lead() + " in " + where;
                assertThat(Instant.parse(l.get("enteredStageAt").asText())).as("enteredStageAt of %s", who)
                        .isEqualTo(Instant.parse(t(c.enteredAt())));
                assertThat(l.get("hoursInStage").asDouble()).as("hoursInStage of %s", who).isCloseTo(c.hours(), within(0.01));
                assertThat(l.get("owner").asText()).as("owner of %s", who).isEqualTo(c.owner());
                JsonNode value = l.get("value");
                if (c.amount() == null) {
                    assertThat(value == null || value.isNull()).as("%s has no value: %s", who, value).isTrue();
                } else {
                    assertThat(new BigDecimal(value.get("amount").asText())).as("value of %s", who)
                            .isEqualByComparingTo(new BigDecimal(c.amount()));
                    assertThat(value.get("currency").asText()).as("currency of %s", who).isEqualTo(c.currency());
                }
                if (c.flags() != null) {
                    List<String> flags = new ArrayList<>();
                    JsonNode f = l.get("flags");
                    if (f != null) {
                        f.forEach(x -> flags.add(x.asText()));
                    }
                    assertThat(flags).as("flags of %s", who).containsExactlyInAnyOrderElementsOf(c.flags());
                }
            }
        }
        return board;
    }

    private static final class OwnDatabase {
        static final String URL = TestDatabase.create();
    }
}
