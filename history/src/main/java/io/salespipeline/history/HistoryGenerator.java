package io.salespipeline.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.events.ContactChannel;
import io.salespipeline.events.DisqualificationReason;
import io.salespipeline.events.FollowUpOutcome;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.LostReason;
import io.salespipeline.events.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Writes realistic lead histories in the import format of {@code POST /api/imports}: one lead a line,
 * {@code {"leadId": "...", "commands": [{"command": "RegisterLead", "occurredAt": "...", ...}, ...]}}, each
 * command with the fields of its HTTP body. The same seed and end give the same file.
 * <p>
 * Every path of the sales process appears: won (some straight after the offer, some after "let them buy"),
 * lost from every open stage, disqualified, parked in {@code LET_THEM_BUY} by three undecided follow-ups,
 * reopened, after-sales with its contacts; with reassignments, contact updates and next steps between. The
 * business times are spread over the year before {@code end} and never pass it (a lead whose next step
 * would come after {@code end} stays open where it is). Only histories the Lead aggregate accepts with the
 * default pipeline's rules (24 h offer promise, 48 h follow-up window, 3 undecided contacts) are written:
 * the stage machine of {@code io.salespipeline.events.StageMachine}, business times that never go back,
 * due times after the command, a later follow-up only with a reason, the bounds of {@code Limits}. On
 * average a lead has about 10 events (100,000 leads ≈ 1 M events).
 */
public final class HistoryGenerator {

    /** What {@link #write} wrote. {@code events} counts the events the leads record, automatic moves included. */
    public record Counts(long leads, long commands, long events) {
    }

    /**
     * One lead: its id, its line (without the line break), how many commands and events it holds, and the
     * paths of the process it took ({@code won}, {@code lost:<stage>}, {@code disqualified:<stage>},
     * {@code let-them-buy}, {@code reopened}, {@code after-sales}, {@code reassigned}, {@code open}, ...).
     */
    public record GeneratedLead(UUID leadId, String line, int commands, int events, Set<String> paths) {
    }

    static final List<String> OWNERS = List.of("anna", "bartek", "celina", "dawid", "ewa", "filip", "grazyna", "henryk");
    static final List<String> ACCOUNT_MANAGERS = List.of("am-iga", "am-jan", "am-kasia");
    private static final List<String> COMPANY_WORDS = List.of("Nord", "Vistula", "Bałtyk", "Tatra", "Orbit", "Kappa",
            "Sigma", "Polar", "Amber", "Wawel", "Delta", "Kruk", "Sokół", "Mazovia", "Silesia", "Pomorze", "Zenit", "Lech");
    private static final List<String> COMPANY_KINDS = List.of("Logistyka", "Software", "Budownictwo", "Meble", "Med",
            "Foods", "Energia", "Consulting", "Print", "Auto", "Tech", "Agro");
    private static final List<String> LEGAL = List.of("Sp. z o.o.", "S.A.", "sp.j.", "Sp. z o.o. sp.k.");
    private static final List<String> CITIES = List.of("Warszawa", "Kraków", "Gdańsk", "Wrocław", "Poznań", "Łódź",
            "Katowice", "Lublin", "Szczecin", "Bydgoszcz", "Rzeszów", "Białystok");
    private static final List<String> FIRST_NAMES = List.of("Anna", "Piotr", "Katarzyna", "Tomasz", "Agnieszka", "Marcin",
            "Magdalena", "Paweł", "Joanna", "Michał", "Ewa", "Krzysztof", "Monika", "Łukasz", "Zofia", "Jakub");
    private static final List<String> LAST_NAMES = List.of("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk",
            "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski");
    private static final List<String> SERVICES = List.of("CRM rollout", "ERP integration", "fleet tracking",
            "cloud migration", "security audit", "e-commerce platform", "BI dashboards", "support contract",
            "mobile sales app", "data warehouse");
    private static final List<String> NEEDS = List.of("one view of every customer", "faster quoting",
            "reports for the board", "fewer manual spreadsheets", "a mobile app for the field team",
            "integration with the accounting system", "better follow-up discipline");
    private static final List<String> COMPETITORS = List.of("Pipedrive", "HubSpot", "Salesforce", "Livespace", "Zoho",
            "Comarch", "a local integrator");
    private static final List<String> ACTIONS = List.of("call back", "send the case study", "demo for the team",
            "send the contract draft", "meet the CFO", "check the budget", "send the price list");
    private static final List<String> PURPOSES = List.of("onboarding check", "quarterly review", "training session",
            "upsell conversation", "renewal talk", "satisfaction survey");
    private static final LeadSource[] SOURCES = LeadSource.values();
    private static final double[] SOURCE_WEIGHTS = {0.16, 0.2, 0.12, 0.1, 0.14, 0.22, 0.06};

    private final Random random;
    private final Instant end;
    private final Instant start;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param seed the same seed (and end) writes the same histories
     * @param end  no business time is later than this (give a time at or before now: the service refuses
     *             business times in its future)
     */
    public HistoryGenerator(long seed, Instant end) {
        this.random = new Random(seed);
        this.end = end.truncatedTo(ChronoUnit.SECONDS);
        this.start = this.end.minus(Duration.ofDays(365));
    }

    /** Writes {@code leads} leads to {@code out}, one a line; answers what was written. */
    public Counts write(int leads, Writer out) throws IOException {
        long commands = 0;
        long events = 0;
        for (int i = 0; i < leads; i++) {
            GeneratedLead lead = next();
            out.write(lead.line());
            out.write('\n');
            commands += lead.commands();
            events += lead.events();
        }
        out.flush();
        return new Counts(leads, commands, events);
    }

    /** The next lead's history. */
    public GeneratedLead next() {
        UUID id = new UUID((random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L,
                (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L);
        Lead lead = new Lead(id);
        lead.live();
        ObjectNode line = json.createObjectNode();
        line.put("leadId", id.toString());
        line.set("commands", lead.commands);
        try {
            return new GeneratedLead(id, json.writeValueAsString(line), lead.commands.size(), lead.events,
                    Collections.unmodifiableSet(lead.paths));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One lead's life, as the aggregate would see it. */
    private final class Lead {

        private final UUID id;
        private final ArrayNode commands = json.createArrayNode();
        private final Set<String> paths = new LinkedHashSet<>();
        private Instant t;
        private Stage stage;
        private String owner;
        private boolean contacted;
        private boolean qualified;
        private boolean offerSent;
        private int undecided;
        private int reopenings;
        private int afterSalesContacts;
        private int plannedAfterSalesContacts;
        private long offerAmount;
        private int events;
        private boolean stopped;

        Lead(UUID id) {
            this.id = id;
        }

        void live() {
            // registration times spread over the year, a little denser towards its end (a growing business)
            double u = Math.sqrt(random.nextDouble());
            t = start.plusSeconds((long) (u * Duration.between(start, end).getSeconds())).truncatedTo(ChronoUnit.SECONDS);
            register();
            for (int steps = 0; !stopped && steps < 80; steps++) {
                extras();
                if (stopped) {
                    break;
                }
                switch (stage) {
                    case INQUIRY_RECEIVED -> inquiry();
                    case CONTACTED -> contacted();
                    case OFFER_PREPARATION -> preparing();
                    case OFFER_SENT -> offerSent();
                    case FOLLOW_UP -> followingUp();
                    case LET_THEM_BUY -> parked();
                    case WON -> won();
                    case AFTER_SALES -> afterSales();
                    case LOST, DISQUALIFIED -> closed();
                }
            }
            if (stage.isOpen()) {
                paths.add("open");
            }
        }

        // --- the stages ------------------------------------------------------------------------------

        private void register() {
            owner = pick(OWNERS);
            ObjectNode c = command("RegisterLead", Duration.ZERO);
            String word = pick(COMPANY_WORDS);
            String company = word + " " + pick(COMPANY_KINDS) + " " + pick(LEGAL);
            ObjectNode companyNode = c.putObject("company");
            companyNode.put("name", company);
            if (chance(0.8)) {
                companyNode.put("taxId", "PL" + (1000000000L + (long) (random.nextDouble() * 8999999999L)));
            }
            companyNode.put("address", pick(CITIES));
            String first = pick(FIRST_NAMES);
            String last = pick(LAST_NAMES);
            ObjectNode contact = c.putObject("contact");
            contact.put("name", first + " " + last);
            if (chance(0.85)) {
                contact.put("email", ascii(first).toLowerCase() + "." + ascii(last).toLowerCase() + "@"
                        + ascii(word).toLowerCase() + ".pl");
            }
            if (!contact.has("email") || chance(0.7)) {
                contact.put("phone", phone());
            }
            c.put("source", weighted(SOURCES, SOURCE_WEIGHTS).name());
            c.put("priorContact", chance(0.2));
            c.put("owner", owner);
            c.put("pipeline", "default");
            if (chance(0.3)) {
                c.put("notes", "asked about " + pick(SERVICES));
            }
            stage = Stage.INQUIRY_RECEIVED;
            if (chance(0.35)) {
                nextStep(Duration.ofMinutes(10), Duration.ofHours(6));
            }
        }

        private void inquiry() {
            double p = random.nextDouble();
            if (p < 0.04) {
                disqualify(Duration.ofHours(1), Duration.ofDays(3));
            } else if (p < 0.09) {
                lose(Duration.ofDays(2), Duration.ofDays(14), LostReason.NO_RESPONSE);
            } else {
                ObjectNode c = step("RecordFirstContact", Duration.ofMinutes(30), Duration.ofDays(3));
                if (c == null) {
                    return;
                }
                c.put("channel", pick(List.of(ContactChannel.values())).name());
                if (chance(0.6)) {
                    ArrayNode makers = c.putArray("decisionMakers");
                    makers.add(pick(FIRST_NAMES) + " " + pick(LAST_NAMES));
                    if (chance(0.4)) {
                        makers.add("CFO");
                    }
                }
                c.put("needs", pick(NEEDS));
                if (chance(0.5)) {
                    c.putArray("competitors").add(pick(COMPETITORS));
                }
                if (chance(0.4)) {
                    c.put("decisionExpectedBy", t.plus(Duration.ofDays(14 + random.nextInt(60))).toString().substring(0, 10));
                }
                if (chance(0.5)) {
                    money(c.putObject("estimatedBudget"), 5_000 + random.nextInt(200) * 500L);
                }
                c.put("nextContactAt", t.plus(hours(24, 24 * 6)).toString());
                stage = Stage.CONTACTED;
                contacted = true;
            }
        }

        private void contacted() {
            double p = random.nextDouble();
            if (!qualified) {
                if (p < 0.08) {
                    disqualify(Duration.ofHours(2), Duration.ofDays(7));
                } else if (p < 0.13) {
                    lose(Duration.ofDays(1), Duration.ofDays(20), pick(List.of(LostReason.NO_BUDGET, LostReason.TIMING,
                            LostReason.NEEDS_NOT_MET)));
                } else {
                    ObjectNode c = step("QualifyLead", Duration.ofHours(1), Duration.ofDays(5));
                    if (c == null) {
                        return;
                    }
                    offerAmount = 4_000 + random.nextInt(300) * 250L;
                    money(c.putObject("estimatedValue"), offerAmount);
                    c.put("proposedService", pick(SERVICES));
                    if (chance(0.2)) {
                        c.put("offerPromisedBy", t.plus(hours(24, 72)).toString());
                    }
                    qualified = true;
                }
            } else if (p < 0.05) {
                lose(Duration.ofDays(1), Duration.ofDays(10), LostReason.PRICE);
            } else {
                ObjectNode c = step("StartOfferPreparation", Duration.ofMinutes(10), Duration.ofDays(2));
                if (c == null) {
                    return;
                }
                if (chance(0.25)) {
                    c.put("promisedBy", t.plus(hours(12, 72)).toString());
                }
                stage = Stage.OFFER_PREPARATION;
            }
        }

        private void preparing() {
            if (chance(0.05)) {
                lose(Duration.ofHours(4), Duration.ofDays(3), pick(List.of(LostReason.COMPETITOR, LostReason.TIMING)));
                return;
            }
            // most offers go out within the promise (24 h), some late
            ObjectNode c = chance(0.82) ? step("SendOffer", Duration.ofHours(1), Duration.ofHours(23))
                    : step("SendOffer", Duration.ofHours(25), Duration.ofHours(80));
            if (c == null) {
                return;
            }
            offerAmount = Math.max(1_000, offerAmount + (random.nextInt(11) - 5) * 250L);
            money(c.putObject("value"), offerAmount);
            c.put("description", pick(SERVICES) + ", " + (1 + random.nextInt(36)) + " months");
            if (chance(0.05)) {
                c.put("followUpDueAt", t.plus(Duration.ofDays(7)).toString());
                c.put("followUpDelayReason", "the client is on holiday");
            } else if (chance(0.1)) {
                c.put("followUpDueAt", t.plus(hours(12, 47)).toString());
            }
            stage = Stage.OFFER_SENT;
            offerSent = true;
            undecided = 0;
        }

        private void offerSent() {
            double p = random.nextDouble();
            if (p < 0.12) {
                revise();
            } else if (p < 0.17) {
                win(Duration.ofHours(2), Duration.ofDays(3));
            } else if (p < 0.22) {
                lose(Duration.ofHours(6), Duration.ofDays(6), pick(List.of(LostReason.PRICE, LostReason.COMPETITOR)));
            } else {
                followUp();
            }
        }

        private void followingUp() {
            double p = random.nextDouble();
            if (p < 0.10) {
                win(Duration.ofHours(1), Duration.ofDays(4));
            } else if (p < 0.2) {
                lose(Duration.ofHours(2), Duration.ofDays(5), pick(List.of(LostReason.PRICE, LostReason.COMPETITOR,
                        LostReason.NO_DECISION, LostReason.OTHER)));
            } else if (p < 0.27) {
                revise();
            } else {
                followUp();
            }
        }

        private void parked() {
            double p = random.nextDouble();
            if (p < 0.3) {
                win(Duration.ofDays(3), Duration.ofDays(45));
            } else if (p < 0.65) {
                lose(Duration.ofDays(7), Duration.ofDays(60), pick(List.of(LostReason.NO_DECISION, LostReason.NO_RESPONSE)));
            } else if (p < 0.85 && reopenings == 0) {
                reopen(Stage.FOLLOW_UP, Duration.ofDays(3), Duration.ofDays(40));
            } else {
                stopped = true; // left to buy by themselves
            }
        }

        private void won() {
            if (!chance(0.65)) {
                stopped = true;
                return;
            }
            ObjectNode c = step("StartAfterSales", Duration.ofHours(2), Duration.ofDays(4));
            if (c == null) {
                return;
            }
            String manager = pick(ACCOUNT_MANAGERS);
            c.put("accountManager", manager);
            c.put("nextContactAt", t.plus(Duration.ofDays(7 + random.nextInt(24))).toString());
            c.put("purpose", pick(PURPOSES));
            owner = manager;
            stage = Stage.AFTER_SALES;
            plannedAfterSalesContacts = 1 + random.nextInt(4);
            paths.add("after-sales");
        }

        private void afterSales() {
            if (afterSalesContacts >= plannedAfterSalesContacts) {
                stopped = true;
                return;
            }
            ObjectNode c = step("RecordAfterSalesContact", Duration.ofDays(5), Duration.ofDays(35));
            if (c == null) {
                return;
            }
            c.put("channel", pick(List.of(ContactChannel.values())).name());
            if (chance(0.6)) {
                c.put("notes", pick(List.of("all fine", "asks for training", "interested in more seats",
                        "complained about support", "renewal likely")));
            }
            c.put("nextContactAt", t.plus(Duration.ofDays(20 + random.nextInt(40))).toString());
            c.put("purpose", pick(PURPOSES));
            afterSalesContacts++;
        }

        private void closed() {
            if (reopenings > 0 || !chance(stage == Stage.LOST ? 0.09 : 0.06)) {
                stopped = true;
                return;
            }
            Stage target = offerSent ? (chance(0.5) ? Stage.FOLLOW_UP : Stage.OFFER_SENT)
                    : qualified ? Stage.OFFER_PREPARATION
                    : contacted ? Stage.CONTACTED : Stage.INQUIRY_RECEIVED;
            reopen(target, Duration.ofDays(5), Duration.ofDays(90));
        }

        // --- the commands --------------------------------------------------------------------------------

        private void followUp() {
            // most follow-ups keep the 48 h rhythm, some come late
            ObjectNode c = chance(0.8) ? step("RecordFollowUp", Duration.ofHours(2), Duration.ofHours(46))
                    : step("RecordFollowUp", Duration.ofHours(49), Duration.ofHours(120));
            if (c == null) {
                return;
            }
            FollowUpOutcome outcome = weighted(FollowUpOutcome.values(), new double[]{0.26, 0.2, 0.1, 0.24, 0.2});
            c.put("channel", pick(List.of(ContactChannel.values())).name());
            c.put("outcome", outcome.name());
            if (chance(0.5)) {
                c.put("notes", pick(List.of("wants a discount", "waits for the board", "asked for a second demo",
                        "no answer", "compares with " + pick(COMPETITORS), "likes the offer")));
            }
            if (chance(0.4)) {
                ObjectNode next = c.putObject("nextStep");
                next.put("action", pick(ACTIONS));
                next.put("dueAt", t.plus(hours(4, 96)).toString());
            }
            stage = Stage.FOLLOW_UP;
            if (outcome.isUndecided() && ++undecided >= 3) {
                events++; // the third undecided contact parks the lead: LeadMovedToLetThemBuy
                stage = Stage.LET_THEM_BUY;
                paths.add("let-them-buy");
            } else if (chance(0.04)) {
                c.put("nextFollowUpDueAt", t.plus(Duration.ofDays(6)).toString());
                c.put("followUpDelayReason", "the client is away");
            }
        }

        private void revise() {
            ObjectNode c = step("ReviseOffer", Duration.ofHours(2), Duration.ofDays(2));
            if (c == null) {
                return;
            }
            offerAmount = Math.max(1_000, offerAmount - random.nextInt(8) * 250L);
            money(c.putObject("value"), offerAmount);
            c.put("description", pick(List.of("discount", "fewer seats", "longer contract", "extra training")));
        }

        private void win(Duration min, Duration max) {
            ObjectNode c = step("MarkWon", min, max);
            if (c == null) {
                return;
            }
            if (chance(0.5)) {
                money(c.putObject("finalValue"), offerAmount);
            }
            if (chance(0.3)) {
                c.put("notes", "contract signed");
            }
            paths.add(stage == Stage.LET_THEM_BUY ? "won:LET_THEM_BUY" : "won");
            stage = Stage.WON;
        }

        private void lose(Duration min, Duration max, LostReason reason) {
            ObjectNode c = step("MarkLost", min, max);
            if (c == null) {
                return;
            }
            c.put("reason", reason.name());
            if (reason == LostReason.OTHER) {
                c.put("details", "the project was cancelled");
            } else if (reason == LostReason.COMPETITOR) {
                c.put("competitor", pick(COMPETITORS));
            }
            paths.add("lost:" + stage);
            stage = Stage.LOST;
        }

        private void disqualify(Duration min, Duration max) {
            ObjectNode c = step("DisqualifyLead", min, max);
            if (c == null) {
                return;
            }
            DisqualificationReason reason = pick(List.of(DisqualificationReason.values()));
            c.put("reason", reason.name());
            if (reason == DisqualificationReason.OTHER || chance(0.3)) {
                c.put("details", "not our kind of client");
            }
            paths.add("disqualified:" + stage);
            stage = Stage.DISQUALIFIED;
        }

        private void reopen(Stage target, Duration min, Duration max) {
            ObjectNode c = step("ReopenLead", min, max);
            if (c == null) {
                return;
            }
            c.put("reason", pick(List.of("the client came back", "new budget", "the competitor failed to deliver")));
            c.put("stage", target.name());
            paths.add("reopened");
            paths.add("reopened:" + stage + "->" + target);
            stage = target;
            undecided = 0;
            reopenings++;
        }

        /** Now and then, between the steps: a next step, a reassignment, new contact details. */
        private void extras() {
            double p = random.nextDouble();
            boolean nextStepAllowed = stage.isOpen() || stage == Stage.WON || stage == Stage.AFTER_SALES;
            if (p < 0.1 && nextStepAllowed) {
                nextStep(Duration.ofMinutes(20), Duration.ofHours(12));
            } else if (p < 0.12) {
                ObjectNode c = step("ReassignLead", Duration.ofMinutes(30), Duration.ofDays(2));
                if (c != null) {
                    String to = pick(OWNERS.stream().filter(o -> !o.equals(owner)).toList());
                    c.put("owner", to);
                    owner = to;
                    paths.add("reassigned");
                }
            } else if (p < 0.135) {
                ObjectNode c = step("UpdateContactDetails", Duration.ofMinutes(30), Duration.ofDays(2));
                if (c != null) {
                    // a new number always differs from the current one (the generator's numbers are 11 digits)
                    c.putObject("contact").put("phone", phone() + " w." + (100 + random.nextInt(900)));
                    paths.add("contact-updated");
                }
            }
        }

        private void nextStep(Duration min, Duration max) {
            ObjectNode c = step("ScheduleNextStep", min, max);
            if (c != null) {
                c.put("action", pick(ACTIONS));
                c.put("dueAt", t.plus(hours(2, 120)).toString());
            }
        }

        private ObjectNode step(String name, Duration min, Duration max) {
            long span = max.minus(min).getSeconds();
            Duration delta = min.plusSeconds(span <= 0 ? 0 : (long) (random.nextDouble() * span));
            return command(name, delta);
        }

        /** Appends a command {@code delta} after the last one; null (and the lead stops) when that is after the end. */
        private ObjectNode command(String name, Duration delta) {
            Instant at = t.plus(delta).truncatedTo(ChronoUnit.SECONDS);
            if (at.isAfter(end)) {
                stopped = true;
                return null;
            }
            t = at;
            ObjectNode c = commands.addObject();
            c.put("command", name);
            c.put("occurredAt", at.toString());
            events++;
            return c;
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static void money(ObjectNode node, long amount) {
        node.put("amount", amount + ".00");
        node.put("currency", "PLN");
    }

    private Duration hours(int min, int max) {
        return Duration.ofMinutes(min * 60L + random.nextInt((max - min) * 60 + 1));
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private <T> T weighted(T[] values, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < values.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private String phone() {
        return "+48 " + (500 + random.nextInt(300)) + " " + (100 + random.nextInt(900)) + " " + (100 + random.nextInt(900));
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s.replace('ł', 'l').replace('Ł', 'L'), java.text.Normalizer.Form.NFD)
                .replaceAll("[^A-Za-z]", "");
    }
}
