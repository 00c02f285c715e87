package io.salespipeline.standalone;

import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (Debian's headless chromium, {@link Browser}) against the standalone
 * service: sign in, the board with a seeded lead in its column, a command from the lead's page that moves
 * it, the board after it, the four charts with the seeded numbers, and the replay and import panels.
 *
 * <p>The seeded history is a pipeline of its own ({@link #PIPELINE}, with its own stage names) and six
 * leads in February 2025, so every board and report here is filtered to numbers worked out by hand below,
 * whatever else the shared database holds. Times are 2025 UTC; "02-03 09:00" is 2025-02-03T09:00:00Z.
 *
 * <pre>
 * lead            registered  first contact  qualified (PLN)  offer prep. (promise)   offer (PLN, follow-up due)  then
 * A Dash Alpha    02-03 09:00 02-04 09:00    02-04 10:00 12000 -                      -                           open in CONTACTED (next contact 02-10: overdue)
 * B Dash Bravo    02-03 10:00 02-04 10:00    02-04 11:00 5000  02-05 10:00 (02-06 10) 02-05 18:00 5000 (02-07 18) follow-up 02-06 10:00 (NO_ANSWER, next due 02-08 10:00); lost PRICE 02-10 10:00
 * C Dash Charlie  02-03 11:00 02-05 11:00    02-05 12:00 8000  02-06 12:00 (02-07 12) 02-08 12:00 8000 (02-10 12) follow-up 02-09 12:00 (POSITIVE); won 7500 02-10 12:00
 * D Dash Delta    02-04 09:00 02-05 09:00    -                 -                      -                           lost COMPETITOR (Acme) 02-06 09:00
 * E Dash Echo     02-04 10:00 -              -                 -                      -                           disqualified NOT_A_FIT 02-04 12:00
 * F Dash Foxtrot  02-05 09:00 -              -                 -                      -                           lost PRICE 02-07 09:00
 * </pre>
 * Reports over [2025-02-01, 2025-03-01):
 * <ul>
 * <li>Lost reasons: 3 lost, 1 disqualified; PRICE 2 (66.7 %, 5,000.00 PLN: B's offer, F had no value),
 * COMPETITOR 1 (33.3 %).</li>
 * <li>Time in stage (hours): INQUIRY_RECEIVED visits 24, 24, 48, 24, 2, 48 → median 24.0, p90 48.0;
 * CONTACTED 24 (B), 25 (C), 24 (D) → median 24.0, p90 24.8, A open; OFFER_PREPARATION 8 (B), 48 (C) → median
 * 28.0, p90 44.0; OFFER_SENT 16 (B), 24 (C) → median 20.0, p90 23.2; FOLLOW_UP 96 (B), 24 (C) → median 60.0,
 * p90 88.8.</li>
 * <li>Funnel: cohort 6; reached 6, 4, 2, 2, 2, 1 (conversion 100 %, 66.7 %, 50 %, 100 %, 100 %, 50 %); won 1
 * (7,500.00 PLN), lost 3, disqualified 1, open 1; win rate 20 %; 7.0 days to win (C: 7 d 1 h).</li>
 * <li>SLA: offers due 2, on time 1 (B), late 1 (C); first follow-ups due 2, on time 2; rhythm due 1 (B's,
 * 02-08 10:00), late 1.</li>
 * </ul>
 * Screenshots: {@code target/screenshots/dashboard-NN-<step>.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest extends StandaloneTest {

    private static final String PIPELINE = "dash-" + Long.toHexString(System.nanoTime());
    private static final String WINDOW = "from=2025-02-01T00:00:00Z&to=2025-03-01T00:00:00Z&pipeline=" + PIPELINE;
    /** What may show in the console: failed requests the tests make on purpose (401, 400, 404), nothing else. */
    private static final java.util.regex.Pattern CONSOLE_ERRORS =
            java.util.regex.Pattern.compile("Content Security Policy|Uncaught|TypeError|ReferenceError|SyntaxError");

    private Browser browser;
    private String alpha;
    private String bravo;

    @BeforeAll
    void seedAndStartTheBrowser() {
        seed();
        browser = Browser.start("dashboard", port);
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void signIn_thenTheBoardShowsTheSeededLeadInItsColumn_withItsCard() {
        browser.open("/");
        browser.type("#sign-in input[name=user]", "manager");
        browser.type("#sign-in input[name=password]", "wrong");
        browser.click("#sign-in button[type=submit]");
        assertThat(browser.visible("#sign-in .problem").getText()).contains("401").contains("wrong user name or password");
        browser.screenshot("sign-in-refused");

        browser.type("#sign-in input[name=password]", "manager");
        browser.click("#sign-in button[type=submit]");
        assertThat(browser.visible("#who").getText()).isEqualTo("manager (Manager)");

        browser.open("/#/board?pipeline=" + PIPELINE);
        browser.visible(".columns[data-pipeline='" + PIPELINE + "'][data-at='']");
        WebElement card = browser.visible(column("CONTACTED") + " " + card(alpha));
        assertThat(browser.visible(column("CONTACTED") + " h2").getText()).isEqualTo("Po rozmowie");
        assertThat(card.findElement(By.cssSelector(".company")).getText()).isEqualTo("Dash Alpha");
        assertThat(card.findElement(By.cssSelector(".value")).getText()).isEqualTo("12,000.00 PLN");
        assertThat(card.findElement(By.cssSelector(".owner")).getText()).isEqualTo("sales");
        assertThat(card.findElement(By.cssSelector(".time-in-stage")).getText()).matches("\\d+ d \\d+ h");
        assertThat(texts(card, ".flag")).containsExactly("next step overdue");
        // the pipeline's columns and labels, in process order; C won without an after-sales plan
        assertThat(browser.all(".column h2").stream().map(WebElement::getText).toList()).containsExactly(
                "Nowe zapytanie", "Po rozmowie", "Oferta w przygotowaniu", "Oferta u klienta", "Dogrywanie", "Niech kupią",
                "Wygrana", "Opieka");
        assertThat(texts(browser.visible(column("WON") + " .card"), ".flag")).containsExactly("no after-sales plan");
        assertThat(browser.all(".card")).hasSize(2);
        browser.screenshot("board");

        // as of 2025-02-05 12:00 (the picker is local time; the browser runs in UTC)
        browser.script("const i = document.querySelector('input[name=at]');"
                + "const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;"
                + "set.call(i, '2025-02-05T12:00'); i.dispatchEvent(new Event('change', {bubbles: true}));");
        browser.visible(".columns[data-at='2025-02-05T12:00:00.000Z']");
        browser.visible(column("OFFER_PREPARATION") + " " + card(bravo));
        assertThat(browser.visible("#board-at").getText()).isEqualTo("As it stood at 2025-02-05 12:00");
        assertThat(companies("INQUIRY_RECEIVED")).containsExactly("Dash Foxtrot");
        assertThat(companies("CONTACTED")).containsExactlyInAnyOrder("Dash Alpha", "Dash Charlie", "Dash Delta");
        assertThat(companies("OFFER_PREPARATION")).containsExactly("Dash Bravo");
        browser.screenshot("board-as-of");
        assertThat(browser.console()).as("console errors (CSP, scripts)").noneMatch(m -> CONSOLE_ERRORS.matcher(m).find());
    }

    @Test
    @Order(2)
    void aCommandFromTheLeadsPage_movesIt_errorsShowTheProblem_andTheBoardChanges() {
        browser.open("/#/board?pipeline=" + PIPELINE);
        browser.visible(".columns[data-pipeline='" + PIPELINE + "'][data-at='']");
        browser.click(column("CONTACTED") + " " + card(alpha) + " a.company");
        assertThat(browser.visible("#lead-company").getText()).isEqualTo("Dash Alpha");
        assertThat(browser.visible("#lead-stage").getText()).isEqualTo("Po rozmowie");
        // the commands the stage machine allows a qualified CONTACTED lead of a pipeline with offer preparation
        assertThat(browser.all("button.command").stream().map(b -> b.getAttribute("data-command")).toList())
                .containsExactly("QualifyLead", "DisqualifyLead", "StartOfferPreparation", "MarkLost", "ScheduleNextStep", "ReassignLead",
                        "UpdateContactDetails");
        assertThat(browser.all(".timeline li").stream().map(li -> li.getAttribute("data-type")).toList())
                .containsExactly("LeadRegistered", "FirstContactRecorded", "LeadQualified");
        browser.screenshot("lead");

        // a loss without its reason: the problem+json answer, shown with its field error
        browser.click("button.command[data-command=MarkLost]");
        browser.click("form.command-form[data-command=MarkLost] button[type=submit]");
        WebElement problem = browser.visible("form.command-form .problem");
        assertThat(problem.getAttribute("data-status")).isEqualTo("400");
        assertThat(texts(problem, ".field-error")).anySatisfy(e -> assertThat(e).startsWith("reason"));
        browser.screenshot("command-refused");

        browser.click("button.command[data-command=StartOfferPreparation]");
        browser.click("form.command-form[data-command=StartOfferPreparation] button[type=submit]");
        assertThat(browser.visible("#command-done").getText()).isEqualTo("Recorded: Oferta w przygotowaniu, version 4");
        browser.until(d -> browser.visible("#lead-stage").getText().equals("Oferta w przygotowaniu"));
        assertThat(browser.visible("#lead-version").getText()).isEqualTo("version 4");
        browser.until(d -> browser.all(".timeline li").size() == 4);
        assertThat(browser.all("button.command").stream().map(b -> b.getAttribute("data-command")).toList())
                .contains("SendOffer").doesNotContain("StartOfferPreparation");
        browser.screenshot("lead-moved");

        browser.click("#back-to-board");
        browser.visible(".columns[data-pipeline='" + PIPELINE + "'][data-at='']");
        browser.visible(column("OFFER_PREPARATION") + " " + card(alpha));
        assertThat(browser.all(column("CONTACTED") + " .card")).isEmpty();
        WebElement moved = browser.visible(column("OFFER_PREPARATION") + " " + card(alpha));
        assertThat(moved.findElement(By.cssSelector(".time-in-stage")).getText()).isEqualTo("0 h");
        assertThat(texts(moved, ".flag")).isEmpty(); // the offer is promised for tomorrow: nothing overdue
        assertThat(browser.visible(column("OFFER_PREPARATION") + " .count").getText()).isEqualTo("1");
        browser.screenshot("board-after-command");
        assertThat(browser.console()).as("console errors (CSP, scripts)").noneMatch(m -> CONSOLE_ERRORS.matcher(m).find());
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void theFourChartsShowTheSeededNumbers() {
        browser.open("/#/reports?" + WINDOW);
        browser.visible("#lost-reasons-table tbody tr");

        // lost reasons: the table and the bars
        assertThat(browser.visible("#lost-total").getText()).isEqualTo("3");
        assertThat(browser.visible("#disqualified-total").getText()).isEqualTo("1");
        assertThat(rows("#lost-reasons-table", "key", "count", "share", "value")).containsExactly(
                List.of("PRICE", "2", "66.7 %", "5,000.00 PLN"), List.of("COMPETITOR", "1", "33.3 %", "—"));
        assertThat(chart("chart-lost-reasons", 0)).containsExactly(2L, 1L);
        assertThat(chartCategories("chart-lost-reasons")).containsExactly("PRICE", "COMPETITOR");

        // time in stage: median and p90 per stage
        assertThat(stageRow("#time-in-stage-table", "INQUIRY_RECEIVED", "visits", "median", "p90", "open"))
                .containsExactly("6", "24.0", "48.0", "0");
        assertThat(stageRow("#time-in-stage-table", "CONTACTED", "visits", "median", "p90", "open"))
                .containsExactly("3", "24.0", "24.8", "1");
        assertThat(stageRow("#time-in-stage-table", "OFFER_PREPARATION", "visits", "median", "p90"))
                .containsExactly("2", "28.0", "44.0");
        assertThat(stageRow("#time-in-stage-table", "OFFER_SENT", "visits", "median", "p90")).containsExactly("2", "20.0", "23.2");
        assertThat(stageRow("#time-in-stage-table", "FOLLOW_UP", "visits", "median", "p90")).containsExactly("2", "60.0", "88.8");
        List<String> stages = chartCategories("chart-time-in-stage");
        List<Object> medians = chart("chart-time-in-stage", 0);
        List<Object> p90s = chart("chart-time-in-stage", 1);
        assertThat(number(medians.get(stages.indexOf("OFFER_SENT")))).isEqualTo(20.0);
        assertThat(number(p90s.get(stages.indexOf("FOLLOW_UP")))).isEqualTo(88.8);
        assertThat(number(p90s.get(stages.indexOf("CONTACTED")))).isEqualTo(24.8);

        // funnel
        assertThat(browser.visible("#funnel-cohort").getText()).isEqualTo("6");
        assertThat(browser.visible("#funnel-won").getText()).isEqualTo("1");
        assertThat(browser.visible("#funnel-won-value").getText()).isEqualTo("7,500.00 PLN");
        assertThat(browser.visible("#funnel-lost").getText()).isEqualTo("3");
        assertThat(browser.visible("#funnel-disqualified").getText()).isEqualTo("1");
        assertThat(browser.visible("#funnel-open").getText()).isEqualTo("1");
        assertThat(browser.visible("#funnel-win-rate").getText()).isEqualTo("20.0 %");
        assertThat(browser.visible("#funnel-days-to-win").getText()).isEqualTo("7.0");
        assertThat(rows("#funnel-table", "reached", "conversion")).containsExactly(List.of("6", "100.0 %"), List.of("4", "66.7 %"),
                List.of("2", "50.0 %"), List.of("2", "100.0 %"), List.of("2", "100.0 %"), List.of("1", "50.0 %"));
        assertThat(((List<Object>) browser.script("return echarts.getInstanceByDom(document.getElementById('chart-funnel'))"
                + ".getOption().series[0].data.map(d => d.value)"))).containsExactly(6L, 4L, 2L, 2L, 2L, 1L);

        // SLA
        assertThat(rows("#sla-table", "due", "on-time", "late", "rate")).containsExactly(
                List.of("2", "1", "1", "50.0 %"), List.of("2", "2", "0", "100.0 %"), List.of("1", "0", "1", "0.0 %"));
        assertThat(chart("chart-sla", 0)).containsExactly(1L, 2L, 0L);
        assertThat(chart("chart-sla", 1)).containsExactly(1L, 0L, 1L);
        browser.screenshot("reports");

        // another grouping, from the page's own control
        browser.script("const s = document.querySelector('select[name=groupBy]'); s.value = 'stage';"
                + "s.dispatchEvent(new Event('change', {bubbles: true}));");
        browser.until(d -> chartCategories("chart-lost-reasons").contains("FOLLOW_UP"));
        assertThat(rows("#lost-reasons-table", "key", "count")).containsExactlyInAnyOrder(
                List.of("CONTACTED", "1"), List.of("FOLLOW_UP", "1"), List.of("INQUIRY_RECEIVED", "1"));
        browser.screenshot("reports-lost-by-stage");
        assertThat(browser.console()).as("console errors (CSP, scripts)").noneMatch(m -> CONSOLE_ERRORS.matcher(m).find());
    }

    @Test
    @Order(4)
    void admins_seeTheReplayProgress_andTheImportPanelDegradesWithoutImports() {
        Http.Response replay = as("admin").post("/api/admin/replays", "{\"projections\": [\"pipeline-definitions\"]}");
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        await(() -> as("admin").get("/api/admin/replays/current").json(), p -> p.get("state").asText().equals("COMPLETED"));

        browser.click("#sign-out");
        browser.type("#sign-in input[name=user]", "admin");
        browser.type("#sign-in input[name=password]", "admin");
        browser.click("#sign-in button[type=submit]");
        browser.visible("#who");
        browser.open("/#/admin");
        WebElement progress = browser.visible("#replay-progress");
        browser.until(d -> progress.findElement(By.cssSelector(".state")).getText().equals("COMPLETED"));
        assertThat(progress.findElement(By.cssSelector(".percent")).getText()).isEqualTo("100.00 %");
        assertThat(progress.findElement(By.tagName("progress")).getAttribute("value")).isEqualTo("100");
        assertThat(progress.findElement(By.cssSelector(".caption")).getText()).contains("pipeline-definitions");

        browser.type("input[name=import-id]", "no-such-import");
        browser.click("#imports form:nth-of-type(2) button[type=submit]");
        assertThat(browser.visible("#imports .note").getText()).contains("No import no-such-import here");
        assertThat(browser.visible("#imports .problem").getAttribute("data-status")).isEqualTo("404");
        browser.screenshot("operations");
        assertThat(browser.console()).as("console errors (CSP, scripts)").noneMatch(m -> CONSOLE_ERRORS.matcher(m).find());
    }

    /* ------------------------------------------------------------------ page reading */

    private static String column(String stage) {
        return ".column[data-stage=" + stage + "]";
    }

    private static String card(String leadId) {
        return ".card[data-lead-id='" + leadId + "']";
    }

    private List<String> companies(String stage) {
        return browser.all(column(stage) + " .card .company").stream().map(WebElement::getText).toList();
    }

    private static List<String> texts(WebElement within, String css) {
        return within.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    /** The cells of each body row of a table, by the cells' classes. */
    private List<List<String>> rows(String table, String... cells) {
        return browser.all(table + " tbody tr").stream().map(row -> java.util.Arrays.stream(cells)
                .map(c -> row.findElement(By.cssSelector("td." + c)).getText()).toList()).toList();
    }

    private List<String> stageRow(String table, String stage, String... cells) {
        WebElement row = browser.visible(table + " tr[data-stage=" + stage + "]");
        return java.util.Arrays.stream(cells).map(c -> row.findElement(By.cssSelector("td." + c)).getText()).toList();
    }

    /** The data of a series of the ECharts chart in the element {@code id}, as the chart holds it. */
    @SuppressWarnings("unchecked")
    private List<Object> chart(String id, int series) {
        return (List<Object>) browser.script("return echarts.getInstanceByDom(document.getElementById(arguments[0]))"
                + ".getOption().series[arguments[1]].data", id, series);
    }

    @SuppressWarnings("unchecked")
    private List<String> chartCategories(String id) {
        return (List<String>) browser.script("return echarts.getInstanceByDom(document.getElementById(arguments[0]))"
                + ".getOption().xAxis[0].data", id);
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    /* ------------------------------------------------------------------ the seeded history */

    private void seed() {
        Http admin = as("admin");
        Http.Response defined = admin.send("PUT", "/api/pipelines/" + PIPELINE, """
                {"name": "Dashboard test", "stages": [
                  {"stage": "INQUIRY_RECEIVED", "label": "Nowe zapytanie"}, {"stage": "CONTACTED", "label": "Po rozmowie"},
                  {"stage": "OFFER_PREPARATION", "label": "Oferta w przygotowaniu"}, {"stage": "OFFER_SENT", "label": "Oferta u klienta"},
                  {"stage": "FOLLOW_UP", "label": "Dogrywanie"}, {"stage": "LET_THEM_BUY", "label": "Niech kupią"},
                  {"stage": "WON", "label": "Wygrana"}, {"stage": "AFTER_SALES", "label": "Opieka"},
                  {"stage": "LOST", "label": "Przegrana"}, {"stage": "DISQUALIFIED", "label": "Odrzucona"}]}""");
        assertThat(defined.status()).as(defined.toString()).isIn(200, 201);

        alpha = register("Dash Alpha", "02-03T09:00");
        ok(alpha, "first-contact", "{\"channel\": \"PHONE\", \"nextContactAt\": \"2025-02-10T09:00:00Z\"}", "02-04T09:00");
        ok(alpha, "qualification", money("estimatedValue", "12000.00") + ", \"proposedService\": \"CRM\"", "02-04T10:00");

        bravo = register("Dash Bravo", "02-03T10:00");
        ok(bravo, "first-contact", "{\"channel\": \"PHONE\", \"nextContactAt\": \"2025-02-06T09:00:00Z\"}", "02-04T10:00");
        ok(bravo, "qualification", money("estimatedValue", "5000.00") + ", \"proposedService\": \"CRM\"", "02-04T11:00");
        ok(bravo, "offer-preparation", "{\"promisedBy\": \"2025-02-06T10:00:00Z\"}", "02-05T10:00");
        ok(bravo, "offer", money("value", "5000.00") + ", \"description\": \"CRM\"", "02-05T18:00");
        ok(bravo, "follow-ups", "{\"channel\": \"PHONE\", \"outcome\": \"NO_ANSWER\"}", "02-06T10:00");
        ok(bravo, "lost", "{\"reason\": \"PRICE\"}", "02-10T10:00");

        String charlie = register("Dash Charlie", "02-03T11:00");
        ok(charlie, "first-contact", "{\"channel\": \"MEETING\", \"nextContactAt\": \"2025-02-06T09:00:00Z\"}", "02-05T11:00");
        ok(charlie, "qualification", money("estimatedValue", "8000.00") + ", \"proposedService\": \"CRM\"", "02-05T12:00");
        ok(charlie, "offer-preparation", "{\"promisedBy\": \"2025-02-07T12:00:00Z\"}", "02-06T12:00");
        ok(charlie, "offer", money("value", "8000.00") + ", \"description\": \"CRM\"", "02-08T12:00");
        ok(charlie, "follow-ups", "{\"channel\": \"PHONE\", \"outcome\": \"POSITIVE\"}", "02-09T12:00");
        ok(charlie, "won", money("finalValue", "7500.00"), "02-10T12:00");

        String delta = register("Dash Delta", "02-04T09:00");
        ok(delta, "first-contact", "{\"channel\": \"EMAIL\", \"nextContactAt\": \"2025-02-07T09:00:00Z\"}", "02-05T09:00");
        ok(delta, "lost", "{\"reason\": \"COMPETITOR\", \"competitor\": \"Acme\"}", "02-06T09:00");

        String echo = register("Dash Echo", "02-04T10:00");
        ok(echo, "disqualification", "{\"reason\": \"NOT_A_FIT\"}", "02-04T12:00");

        String foxtrot = register("Dash Foxtrot", "02-05T09:00");
        ok(foxtrot, "lost", "{\"reason\": \"PRICE\"}", "02-07T09:00");

        for (String lead : List.of(alpha, bravo, charlie, delta, echo, foxtrot)) {
            await(() -> as("manager").get("/api/leads/" + lead), r -> r.status() == 200);
        }
        // the stage visits (board, reports) have every command too
        await(() -> as("manager").get("/api/analytics/funnel?" + WINDOW).json(), f -> f.get("won").asInt() == 1
                && f.get("lost").asInt() == 3 && f.get("disqualified").asInt() == 1 && f.get("open").asInt() == 1);
        awaitVersion(as("manager"), foxtrot, 2);
    }

    private String register(String company, String at) {
        Http.Response r = as("sales").post("/api/leads", """
                {"company": {"name": "%s"}, "contact": {"name": "Contact of %s", "phone": "+48 600 000 000"},
                 "source": "REFERRAL", "pipeline": "%s", "occurredAt": "2025-%s:00Z"}""".formatted(company, company, PIPELINE, at));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("leadId").asText();
    }

    /** A command as the manager, with its business time; {@code body} without the closing brace is completed. */
    private void ok(String lead, String command, String body, String at) {
        String json = body.endsWith("}") && body.startsWith("{") ? body.substring(0, body.length() - 1) : "{" + body;
        json = json + (json.trim().equals("{") ? "" : ", ") + "\"occurredAt\": \"2025-" + at + ":00Z\"}";
        Http.Response r = as("manager").post("/api/leads/" + lead + "/" + command, json);
        assertThat(r.status()).as(command + " " + r).isEqualTo(200);
    }

    private static String money(String field, String amount) {
        return "\"" + field + "\": {\"amount\": \"" + amount + "\", \"currency\": \"PLN\"}";
    }
}
