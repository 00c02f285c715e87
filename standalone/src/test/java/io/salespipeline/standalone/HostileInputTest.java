package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.standalone.ApiRoutes.Access;
import io.salespipeline.standalone.ApiRoutes.Route;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests, generated (jqwik) across every command and query route of {@link ApiRoutes}: wrong
 * types, missing and extra fields, huge and deeply nested bodies, odd Unicode in bodies, paths and
 * headers, absurd numbers and instants, injection strings, wrong content types and methods, sent byte for
 * byte ({@link RawHttp}). Each must get an answer below 500; every error is problem+json that tells
 * nothing about the internals; a request that is refused records nothing (no event, no idempotency
 * record). Runs in the Spring context the other standalone tests share.
 */
class HostileInputTest extends StandaloneTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** What an answer must not show: class names, stack frames, SQL and driver messages. */
    private static final Pattern INTERNALS = Pattern.compile(
            "(?i)(exception|\\bat [a-z]+\\.[a-z]+\\.|\\bcaused by\\b|org\\.springframework|java\\.(lang|util|io)|jakarta\\.|"
                    + "hibernate|postgres|psql|sqlstate|jdbc|axonframework|stack ?trace|\\.java:\\d+)");

    private static final String[] INJECTIONS = {"'; drop table lead_view; --", "\" or \"1\"=\"1", "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1:1/x}", "../../../../etc/passwd", "%00%0d%0aSet-Cookie: x=1", "{{7*7}}", "#{7*7}",
            "$where: '1 == 1'", "\\u0000", "admin'--", "<!ENTITY x SYSTEM \"file:///etc/passwd\">", "1; select pg_sleep(5)"};
    private static final String[] ODD_TEXT = {"\u0000", "\u202Eevil\u202C", "\uFEFFbom", "😀👩‍👩‍👧", "Z̴̡͑a̵̢̛l̸̨̚g̷̛̰o̸", "\uD800",
            "\uDFFF", "\u200B\u200C\u200D", "ﷺ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\r\n\t", "ǅǈǋ", "\u0085\u2028\u2029", "ä".repeat(3)};
    private static final String[] ODD_INSTANTS = {"0000-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z",
            "-999999999-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59.9999999Z",
            "+10000-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "yesterday", "2026-03-01T09:30:00+25:00", "",
            "2026-03-01", "T", "1e20",
            // accepted ones at the ends of the range (not the first second of 1970: ExtremeValuesTest counts that one)
            "2099-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1970-01-02T00:00:00Z"};
    private static final String[] QUERY_NAMES = {"page", "size", "at", "from", "to", "groupBy", "source", "stage", "owner",
            "flag", "limit", "after", "projection", "pipeline", "x"};
    private static final String[] CONTENT_TYPES = {"text/plain", "application/xml", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/json; charset=ebcdic", "application/json;charset=nonsense",
            "", "application/x-ndjson", "application/json;;;", "*/*", "application/problem+json", "text/csv"};

    private static ApplicationContext context;
    private static int appPort;
    private static JdbcTemplate jdbc;
    private static List<String> ownLeads;
    private static List<String> othersLeads;
    private static final Map<String, AtomicLong> BY_STATUS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> BY_KIND = new ConcurrentHashMap<>();
    private static final AtomicLong SENT = new AtomicLong();
    private static final AtomicLong EVENTS_BY_ACCEPTED = new AtomicLong();
    private static final AtomicLong REFUSED_BUT_RECORDED = new AtomicLong();

    /** One request, byte for byte, and what it tries. */
    record Hostile(String kind, String method, byte[] path, List<byte[]> headers, byte[] body) {

        byte[] bytes() {
            return RawHttp.request(method, path, headers, body);
        }

        @Override
        public String toString() {
            String p = new String(path, StandardCharsets.ISO_8859_1);
            String b = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return kind + ": " + method + " " + abbreviate(p) + " headers=" + headers.stream()
                    .map(h -> abbreviate(new String(h, StandardCharsets.ISO_8859_1))).toList() + " body=" + abbreviate(b);
        }
    }

    @BeforeContainer
    static void connect() throws Exception {
        // the Spring context the other standalone tests use (Spring's context cache; jqwik runs no extension)
        context = new TestContextManager(HostileInputTest.class).getTestContext().getApplicationContext();
        appPort = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        jdbc = context.getBean(JdbcTemplate.class);
        Http sales = Http.on(appPort).as("sales");
        ownLeads = new ArrayList<>();
        for (Leads.At at : Leads.At.values()) {
            ownLeads.add(Leads.in(sales, at));
        }
        othersLeads = List.of(Leads.in(Http.on(appPort).as("sales2"), Leads.At.CONTACTED));
    }

    @Property(tries = 2050, seed = "20261127")
    void hostileRequests_getNoServerError_andProblemJsonWithoutInternals_andRecordNothingWhenRefused(
            @ForAll("hostileRequests") Hostile request) {
        long[] before = recorded();
        RawHttp.Response response = RawHttp.send(appPort, request.bytes());
        long[] after = recorded();
        SENT.incrementAndGet();
        BY_KIND.computeIfAbsent(request.kind(), k -> new AtomicLong()).incrementAndGet();
        BY_STATUS.computeIfAbsent(response.status() / 100 + "xx", k -> new AtomicLong()).incrementAndGet();
        boolean accepted = response.status() >= 200 && response.status() < 300;
        if (accepted) {
            EVENTS_BY_ACCEPTED.addAndGet(after[0] - before[0]);
        } else if (after[0] != before[0] || after[1] != before[1]) {
            REFUSED_BUT_RECORDED.incrementAndGet();
        }

        assertThat(response.status()).as("%s%n-> %s", request, response).isLessThan(500);
        if (response.status() >= 400 && !request.method().equals("HEAD")) {
            assertThat(response.isProblem()).as("not problem+json: %s%n-> %s", request, response).isTrue();
            JsonNode problem = response.json();
            assertThat(problem).as("not JSON: %s%n-> %s", request, response).isNotNull();
            assertThat(problem.path("type").asText()).as("%s%n-> %s", request, response).startsWith("urn:sales-pipeline:problem:");
            assertThat(problem.path("status").asInt()).as("%s%n-> %s", request, response).isEqualTo(response.status());
            assertThat(problem.path("title").asText()).isNotBlank();
            assertThat(problem.path("detail").asText()).isNotBlank();
            assertThat(INTERNALS.matcher(response.text()).find()).as("internals in: %s%n-> %s", request, response).isFalse();
        }
        if (!accepted) {
            assertThat(after).as("a refused request recorded something: %s%n-> %s", request, response).isEqualTo(before);
        }
    }

    @AfterContainer
    static void report() {
        // whatever was accepted, the projections took it: nothing was dead-lettered, every view caught up
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));
        long deadLetters = jdbc.queryForObject("select count(*) from dead_letter_entry", Long.class);
        System.out.printf("%nHostile input: %d requests sent (by kind %s), answers by status %s, 5xx 0, "
                        + "events recorded by accepted requests %d, refused requests that recorded anything %d, dead letters %d%n",
                SENT.get(), new TreeMap<>(BY_KIND), new TreeMap<>(BY_STATUS), EVENTS_BY_ACCEPTED.get(),
                REFUSED_BUT_RECORDED.get(), deadLetters);
        assertThat(SENT.get()).isGreaterThanOrEqualTo(2000);
        assertThat(REFUSED_BUT_RECORDED.get()).isZero();
        assertThat(deadLetters).isZero();
    }

    @Provide
    Arbitrary<Hostile> hostileRequests() {
        return Arbitraries.frequencyOf(
                Tuple.of(32, commandsWithMutatedBodies()),
                Tuple.of(10, commandsWithBrokenBodies()),
                Tuple.of(8, wrongContentTypes()),
                Tuple.of(20, queriesWithOddParameters()),
                Tuple.of(12, oddPaths()),
                Tuple.of(12, oddHeaders()),
                Tuple.of(6, oddMethods()));
    }

    // --- commands ----------------------------------------------------------------------------------

    enum Mutation { REPLACE, REMOVE, ADD, NEST_DEEPLY }

    record Change(Mutation mutation, int field, String name, JsonNode value, int depth) {
    }

    private Arbitrary<Hostile> commandsWithMutatedBodies() {
        Arbitrary<Change> change = Combinators.combine(Arbitraries.of(Mutation.class), Arbitraries.integers().between(0, 40),
                oddNames(), oddValues(), Arbitraries.integers().between(10, 900)).as(Change::new);
        return Combinators.combine(commandRoutes(), leadIds(), change.list().ofMinSize(1).ofMaxSize(3), users())
                .as((route, lead, changes, user) -> {
                    ObjectNode body = (ObjectNode) parse(route.body());
                    changes.forEach(c -> apply(body, c));
                    return json("mutated body", route.method(), route.path(lead), user,
                            body.toString().getBytes(StandardCharsets.UTF_8), "application/json");
                });
    }

    private Arbitrary<Hostile> commandsWithBrokenBodies() {
        Arbitrary<byte[]> broken = Arbitraries.oneOf(
                Combinators.combine(commandRoutes(), Arbitraries.integers().between(0, 200)).as((route, cut) -> {
                    byte[] valid = route.body().getBytes(StandardCharsets.UTF_8);
                    return java.util.Arrays.copyOf(valid, Math.min(cut, valid.length)); // truncated
                }),
                Arbitraries.of(new byte[]{(byte) 0xC3, 0x28}, new byte[]{'{', '"', (byte) 0xFF, '"', ':', '1', '}'},
                        new byte[0], "null".getBytes(), "[]".getBytes(), "\"text\"".getBytes(), "123".getBytes(),
                        "{\"a\":".repeat(40).getBytes(), "[".repeat(100_000).getBytes(), "{}{}".getBytes(),
                        "{\"company\": {\"name\": \"x\"}, \"company\": 5}".getBytes(), "\uFEFF{}".getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(200_000, 600_000).map(size -> // around the 256 KB limit
                        ("{\"notes\": \"" + "n".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300));
        return Combinators.combine(commandRoutes(), leadIds(), broken, users()).as((route, lead, body, user) ->
                json("broken body", route.method(), route.path(lead), user, body, "application/json"));
    }

    private Arbitrary<Hostile> wrongContentTypes() {
        return Combinators.combine(commandRoutes(), leadIds(), Arbitraries.of(CONTENT_TYPES), Arbitraries.of(true, false), users())
                .as((route, lead, type, withType, user) -> {
                    List<byte[]> headers = new ArrayList<>(List.of(auth(user)));
                    if (withType) {
                        headers.add(RawHttp.header("Content-Type: " + type));
                    }
                    return new Hostile("content type", route.method(), bytes(route.path(lead)), headers,
                            route.body().getBytes(StandardCharsets.UTF_8));
                });
    }

    // --- queries -----------------------------------------------------------------------------------

    private Arbitrary<Hostile> queriesWithOddParameters() {
        // minPosition only malformed: a well-formed one past the log's end waits and answers 503 by contract
        // (api.md, read-your-writes; MinPositionTest)
        Arbitrary<String> parameter = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(QUERY_NAMES), oddParameterValues()).as((name, value) -> name + "=" + value),
                Arbitraries.of("-1", "-9223372036854775808", "9223372036854775808", "1e3", "0x10", "", "%20", "abc")
                        .map(value -> "minPosition=" + value));
        Arbitrary<String> accept = Arbitraries.of("application/json", "text/csv", "application/xml", "*/*", "text/html",
                "application/x-ndjson", "application/problem+json", "image/png", "text/csv;q=0.1, application/xml");
        return Combinators.combine(queryRoutes(), leadIds(), parameter.list().ofMaxSize(4), accept, Arbitraries.of(
                "analyst", "admin", "sales", "manager")).as((route, lead, parameters, type, user) -> {
            String path = route.path(lead).replaceFirst("\\?.*$", "") + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
            return new Hostile("odd query", "GET", bytes(path), List.of(auth(user), RawHttp.header("Accept: " + type)), null);
        });
    }

    private Arbitrary<String> oddParameterValues() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("2147483647", "-2147483648", "2147483648", "9223372036854775808", "-1", "0", "1e3", "0x10",
                        "99999999999999999999999999999", "NaN", "", "%", "%zz", "true", "null", "LOST", "reason", "month",
                        "lead-views", "OFFER_SENT", "WEBSITE", "NO_NEXT_STEP"),
                Arbitraries.of(ODD_INSTANTS).map(HostileInputTest::encode),
                Arbitraries.of(INJECTIONS).map(HostileInputTest::encode),
                Arbitraries.of(ODD_TEXT).map(HostileInputTest::encode),
                Arbitraries.strings().all().ofMaxLength(20).map(HostileInputTest::encode),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(12).map(t -> t.replace("#", ""))); // raw: some are not valid in a URL
    }

    // --- paths, headers, methods -------------------------------------------------------------------

    private Arbitrary<Hostile> oddPaths() {
        Arbitrary<byte[]> segment = Arbitraries.oneOf(
                Arbitraries.of("nope", "%2e%2e", "..%2f..", "%00", "%ff", "%c0%af", "%25", "x;jsessionid=1", "..;", "%5c",
                        "a%2Fb", ".", "..", "%u002e", "\\", "~", "%E2%80%AE", "%F0%9F%98%80", "00000000-0000-0000-0000-000000000000",
                        "ffffffff-ffff-ffff-ffff-fffffffffffff", "%20", "{id}").map(HostileInputTest::bytes),
                // raw, not percent-encoded; without CR and LF, which end the request line (HTTP/0.9 has no status)
                Arbitraries.of(ODD_TEXT).map(t -> withoutLineBreaks(t).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().all().ofMaxLength(8).map(t -> withoutLineBreaks(t).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(1000, 12_000).map(n -> bytes("a".repeat(n))));
        Arbitrary<String> template = Arbitraries.of("/api/leads/%s", "/api/leads/%s/history", "/api/leads/%s/first-contact",
                "/api/%s", "/api/leads/%s/..", "/%s/api/leads", "/api/leads//%s", "/api/analytics/%s", "/api/admin/%s",
                "/v3/api-docs/%s", "/%s", "/error/%s", "/actuator/%s");
        return Combinators.combine(template, segment, Arbitraries.of("GET", "POST"), users()).as((t, s, method, user) -> {
            String[] parts = t.split("%s", -1);
            byte[] path = concat(bytes(parts[0]), s, bytes(parts[1]));
            byte[] body = method.equals("POST") ? ApiRoutes.REGISTER_BODY.getBytes(StandardCharsets.UTF_8) : null;
            List<byte[]> headers = new ArrayList<>(List.of(auth(user)));
            if (body != null) {
                headers.add(RawHttp.header("Content-Type: application/json"));
            }
            return new Hostile("odd path", method, path, headers, body);
        });
    }

    private Arbitrary<Hostile> oddHeaders() {
        Arbitrary<byte[]> header = Arbitraries.oneOf(
                Arbitraries.of(ODD_TEXT).map(t -> concat(bytes("Idempotency-Key: "), t.getBytes(StandardCharsets.UTF_8))),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30).map(t -> concat(bytes("Idempotency-Key: "),
                        t.replace("\r", "").replace("\n", "").getBytes(StandardCharsets.UTF_8))),
                Arbitraries.of("Idempotency-Key: " + "k".repeat(201), "Idempotency-Key:    ", "If-Match: \"abc\"",
                        "If-Match: W/\"1\"", "If-Match: 99999999999999999999", "If-Match: \"-1\"", "If-Match: *",
                        "If-Match: \"1\", \"2\"", "If-Match: \"1", "Accept: application/xml", "Accept: text/csv",
                        "Accept-Charset: ebcdic", "Accept-Language: ;;;", "X-Forwarded-For: ' or 1=1",
                        "Authorization: Basic !!!not-base64", "Authorization: Bearer abc.def.ghi", "Authorization: Digest x",
                        "Authorization: Basic", "Content-Encoding: gzip", "Transfer-Encoding: identity",
                        "Expect: 100-continue", "Range: bytes=0-1").map(HostileInputTest::bytes),
                Arbitraries.of(new byte[]{'X', '-', 'A', ':', ' ', (byte) 0x85}, new byte[]{'X', '-', 'B', ':', ' ', 0x01},
                        new byte[]{'X', (byte) 0xE9, ':', ' ', 'v'}, new byte[]{'X', '-', 'C', ':', ' ', (byte) 0xC3, (byte) 0xA9},
                        bytes("X-D: " + "d".repeat(9000)), bytes(" folded: header"), bytes("NoColonHere")),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(name -> // unknown users: no real user's login is throttled
                        bytes("Authorization: Basic " + Base64.getEncoder().encodeToString(("nobody-" + name + ":x")
                                .getBytes(StandardCharsets.UTF_8)))));
        Arbitrary<Route> route = Arbitraries.of(routes().stream().filter(r -> !r.access().equals(Access.ERROR_PAGE)).toList());
        return Combinators.combine(route, leadIds(), header.list().ofMinSize(1).ofMaxSize(3), users()).as((r, lead, extra, user) -> {
            boolean replacesAuth = extra.stream().anyMatch(h -> new String(h, StandardCharsets.ISO_8859_1).startsWith("Authorization"));
            List<byte[]> headers = new ArrayList<>();
            if (!replacesAuth) {
                headers.add(auth(user));
            }
            headers.addAll(extra);
            byte[] body = r.body() == null ? null : r.body().getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                headers.add(RawHttp.header("Content-Type: application/json"));
            }
            return new Hostile("odd header", r.method().equals("*") ? "GET" : r.method(), bytes(r.path(lead)), headers, body);
        });
    }

    private Arbitrary<Hostile> oddMethods() {
        return Combinators.combine(Arbitraries.of(routes()), leadIds(),
                Arbitraries.of("PUT", "DELETE", "OPTIONS", "TRACE", "HEAD", "PROPFIND", "CONNECT", "GETT", "get", "PATCH"), users())
                .as((route, lead, method, user) -> new Hostile("odd method", method, bytes(route.path(lead)),
                        List.of(auth(user)), null));
    }

    // --- building blocks ---------------------------------------------------------------------------

    private static Arbitrary<Route> commandRoutes() {
        return Arbitraries.of(ApiRoutes.ROUTES.stream().filter(r -> r.access() == Access.REGISTER
                || r.access() == Access.LEAD_COMMAND || r.access() == Access.REASSIGN || r.method().equals("PUT")).toList());
    }

    /**
     * Every route but a replay's start: a replay that a generated request started would still run when
     * another test of the shared context starts its own (and be refused).
     */
    private static List<Route> routes() {
        return ApiRoutes.ROUTES.stream().filter(r -> !r.key().equals("POST /api/admin/replays")).toList();
    }

    private static Arbitrary<Route> queryRoutes() {
        return Arbitraries.of(routes().stream().filter(r -> r.method().equals("GET")).toList());
    }

    /** Mostly the user's own leads (so bodies reach the aggregate), sometimes another rep's or none. */
    private static Arbitrary<String> leadIds() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, Leads.At.values().length - 1).map(i -> ownLeads.get(i))),
                Tuple.of(1, Arbitraries.just(othersLeads.get(0))),
                Tuple.of(1, Arbitraries.create(() -> java.util.UUID.randomUUID().toString())));
    }

    private static Arbitrary<String> users() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("sales")), Tuple.of(2, Arbitraries.just("manager")),
                Tuple.of(1, Arbitraries.just("analyst")), Tuple.of(1, Arbitraries.just("admin")));
    }

    private static Arbitrary<String> oddNames() {
        return Arbitraries.oneOf(Arbitraries.of("leadId", "owner", "occurredAt", "amount", "currency", "__proto__", "@type",
                        "$ref", "constructor", "stage", "version", "position"),
                Arbitraries.strings().all().ofMaxLength(12));
    }

    private static Arbitrary<JsonNode> oddValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode(),
                        NODES.numberNode(-1), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(1e308), NODES.numberNode(0.00001),
                        NODES.numberNode(new BigDecimal("1E+400")), NODES.numberNode(new BigDecimal("1E+2147483647")),
                        NODES.numberNode(new BigDecimal("99999999999999999999.99999")), NODES.numberNode(new BigDecimal("1E-400")),
                        NODES.numberNode(1e20), NODES.numberNode(253402300800L), NODES.textNode("NaN"), NODES.textNode("-0"),
                        amount("1000000000000000"), amount("999999999999999.9999"), amount("-5"), amount("1.23456"),
                        amount("1E+15"), NODES.textNode("PHONE"), NODES.textNode("OTHER"), NODES.textNode("WON")),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.of(ODD_INSTANTS).map(NODES::textNode),
                Arbitraries.of(INJECTIONS).map(NODES::textNode),
                Arbitraries.of(ODD_TEXT).map(NODES::textNode),
                Arbitraries.strings().all().ofMaxLength(40).map(NODES::textNode),
                Arbitraries.integers().between(4_001, 60_000).map(n -> NODES.textNode("x".repeat(n))),
                Arbitraries.integers().between(40, 80).map(n -> { // a long list
                    ArrayNode list = NODES.arrayNode();
                    for (int i = 0; i < n; i++) {
                        list.add("name " + i);
                    }
                    return list;
                }));
    }

    private static JsonNode amount(String value) {
        return NODES.objectNode().put("amount", value).put("currency", "PLN");
    }

    /** Applies a change to the field at {@code change.field()} (modulo the number of fields, nested ones included). */
    private static void apply(ObjectNode body, Change change) {
        List<Map.Entry<ObjectNode, String>> fields = new ArrayList<>();
        collect(body, fields);
        if (fields.isEmpty() || change.mutation() == Mutation.ADD) {
            body.set(change.name(), change.value());
            return;
        }
        Map.Entry<ObjectNode, String> field = fields.get(change.field() % fields.size());
        switch (change.mutation()) {
            case REPLACE -> field.getKey().set(field.getValue(), change.value());
            case REMOVE -> field.getKey().remove(field.getValue());
            case NEST_DEEPLY -> {
                JsonNode nested = field.getKey().get(field.getValue());
                for (int i = 0; i < change.depth(); i++) {
                    nested = i % 2 == 0 ? NODES.arrayNode().add(nested) : NODES.objectNode().set("x", nested);
                }
                field.getKey().set(field.getValue(), nested);
            }
            default -> {
            }
        }
    }

    private static void collect(ObjectNode node, List<Map.Entry<ObjectNode, String>> fields) {
        node.fieldNames().forEachRemaining(name -> {
            fields.add(Map.entry(node, name));
            if (node.get(name) instanceof ObjectNode child) {
                collect(child, fields);
            }
        });
    }

    private static Hostile json(String kind, String method, String path, String user, byte[] body, String contentType) {
        return new Hostile(kind, method, bytes(path), List.of(auth(user), RawHttp.header("Content-Type: " + contentType)), body);
    }

    private static byte[] auth(String user) {
        return RawHttp.basicAuth(user, user);
    }

    /** The number of events and of idempotency records. */
    private static long[] recorded() {
        return jdbc.queryForObject("select (select count(*) from domain_event_entry), (select count(*) from idempotency_record)",
                (rs, i) -> new long[]{rs.getLong(1), rs.getLong(2)});
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String withoutLineBreaks(String text) {
        return text.replace("\r", "").replace("\n", "");
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "...(" + text.length() + " chars)" : text;
    }
}
