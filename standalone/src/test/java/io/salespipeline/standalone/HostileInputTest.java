package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.standalone.ApiRoutes.Access;
import io.salespipeline.standalone.ApiRoutes.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests, generated from a fixed seed ({@link Gen}) across every command and query route of {@link ApiRoutes}: wrong
 * types, missing and extra fields, huge and deeply nested bodies, odd Unicode in bodies, paths and
 * headers, absurd numbers and instants, injection strings, wrong content types and methods, sent byte for
 * byte ({@link RawHttp}). Each must get an answer below 500; every error is problem+json that tells
 * nothing about the internals; a request that is refused records nothing (no event, no idempotency
 * record). Runs in the Spring context the other standalone tests share.
 */
class HostileInputTest extends StandaloneTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Writes bodies nested deeper than Jackson's default limit (the service must refuse them, not the test). */
    private static final ObjectMapper DEEP_JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder().maxNestingDepth(100_000).build())
            .build());
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

    /** The seed of the generated requests ({@code -Dhostile.seed=...} to try others) and how many. */
    private static final long SEED = Long.getLong("hostile.seed", 20261127L);
    private static final int TRIES = Integer.getInteger("hostile.tries", 2050);

    @Autowired
    JdbcTemplate jdbc;
    private List<String> ownLeads;
    private List<String> othersLeads;
    private final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> byKind = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong eventsByAccepted = new AtomicLong();

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

    @Test
    void hostileRequests_getNoServerError_andProblemJsonWithoutInternals_andRecordNothingWhenRefused() {
        Http sales = as("sales");
        ownLeads = new ArrayList<>();
        for (Leads.At at : Leads.At.values()) {
            ownLeads.add(Leads.in(sales, at));
        }
        othersLeads = List.of(Leads.in(as("sales2"), Leads.At.CONTACTED));

        Random random = new Random(SEED);
        Gen<Hostile> requests = hostileRequests();
        for (int i = 0; i < TRIES; i++) {
            Hostile request = requests.next(random);
            check(request, "try " + i + " of seed " + SEED);
        }

        // whatever was accepted, the projections took it: nothing was dead-lettered, every view caught up
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));
        long deadLetters = jdbc.queryForObject("select count(*) from dead_letter_entry", Long.class);
        System.out.printf("%nHostile input: %d requests sent (seed %d; by kind %s), answers by status %s, 5xx 0, "
                        + "events recorded by accepted requests %d, refused requests that recorded anything 0, dead letters %d%n",
                sent.get(), SEED, new TreeMap<>(byKind), new TreeMap<>(byStatus), eventsByAccepted.get(), deadLetters);
        assertThat(sent.get()).isEqualTo(TRIES);
        assertThat(deadLetters).isZero();
    }

    private void check(Hostile request, String which) {
        long[] before = recorded();
        RawHttp.Response response;
        try {
            response = RawHttp.send(port, request.bytes());
        } catch (java.io.UncheckedIOException e) {
            throw new AssertionError("no answer (" + which + "): " + request, e);
        }
        long[] after = recorded();
        sent.incrementAndGet();
        byKind.computeIfAbsent(request.kind(), k -> new AtomicLong()).incrementAndGet();
        byStatus.computeIfAbsent(response.status() / 100 + "xx", k -> new AtomicLong()).incrementAndGet();
        boolean accepted = response.status() >= 200 && response.status() < 300;
        if (accepted) {
            eventsByAccepted.addAndGet(after[0] - before[0]);
        }

        assertThat(response.status()).as("%s: %s%n-> %s", which, request, response).isLessThan(500);
        if (response.status() >= 400 && !request.method().equals("HEAD")) {
            assertThat(response.isProblem()).as("not problem+json (%s): %s%n-> %s", which, request, response).isTrue();
            JsonNode problem = response.json();
            assertThat(problem).as("not JSON (%s): %s%n-> %s", which, request, response).isNotNull();
            assertThat(problem.path("type").asText()).as("%s: %s%n-> %s", which, request, response)
                    .startsWith("urn:sales-pipeline:problem:");
            assertThat(problem.path("status").asInt()).as("%s: %s%n-> %s", which, request, response).isEqualTo(response.status());
            assertThat(problem.path("title").asText()).isNotBlank();
            assertThat(problem.path("detail").asText()).isNotBlank();
            assertThat(INTERNALS.matcher(response.text()).find()).as("internals in (%s): %s%n-> %s", which, request, response)
                    .isFalse();
        }
        if (!accepted) {
            assertThat(after).as("a refused request recorded something (%s): %s%n-> %s", which, request, response)
                    .isEqualTo(before);
        }
    }

    private Gen<Hostile> hostileRequests() {
        return Gen.frequency(List.of(
                Gen.weight(32, commandsWithMutatedBodies()),
                Gen.weight(10, commandsWithBrokenBodies()),
                Gen.weight(8, wrongContentTypes()),
                Gen.weight(20, queriesWithOddParameters()),
                Gen.weight(12, oddPaths()),
                Gen.weight(12, oddHeaders()),
                Gen.weight(6, oddMethods())));
    }

    // --- commands ----------------------------------------------------------------------------------

    enum Mutation { REPLACE, REMOVE, ADD, NEST_DEEPLY }

    record Change(Mutation mutation, int field, String name, JsonNode value, int depth) {
    }

    private Gen<Hostile> commandsWithMutatedBodies() {
        Gen<Change> change = r -> new Change(Gen.of(Mutation.values()).next(r), Gen.ints(0, 40).next(r), oddNames().next(r),
                oddValues().next(r), Gen.ints(10, 900).next(r));
        Gen<List<Change>> changes = change.list(1, 3);
        return r -> {
            Route route = commandRoutes().next(r);
            String lead = leadIds().next(r);
            List<Change> chosen = changes.next(r);
            String user = users().next(r);
            ObjectNode body = (ObjectNode) parse(route.body());
            chosen.forEach(c -> apply(body, c));
            return json("mutated body", route.method(), route.path(lead), user,
                    write(body), "application/json");
        };
    }

    private Gen<Hostile> commandsWithBrokenBodies() {
        Gen<byte[]> broken = Gen.oneOf(
                r -> { // truncated
                    byte[] valid = commandRoutes().next(r).body().getBytes(StandardCharsets.UTF_8);
                    return java.util.Arrays.copyOf(valid, Math.min(Gen.ints(0, 200).next(r), valid.length));
                },
                Gen.of(new byte[]{(byte) 0xC3, 0x28}, new byte[]{'{', '"', (byte) 0xFF, '"', ':', '1', '}'},
                        new byte[0], "null".getBytes(), "[]".getBytes(), "\"text\"".getBytes(), "123".getBytes(),
                        "{\"a\":".repeat(40).getBytes(), "[".repeat(100_000).getBytes(), "{}{}".getBytes(),
                        "{\"company\": {\"name\": \"x\"}, \"company\": 5}".getBytes(), "\uFEFF{}".getBytes(StandardCharsets.UTF_8)),
                Gen.ints(200_000, 600_000).map(size -> // around the 256 KB limit
                        ("{\"notes\": \"" + "n".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8)),
                Gen.bytes(300));
        return r -> {
            Route route = commandRoutes().next(r);
            String lead = leadIds().next(r);
            byte[] body = broken.next(r);
            return json("broken body", route.method(), route.path(lead), users().next(r), body, "application/json");
        };
    }

    private Gen<Hostile> wrongContentTypes() {
        return r -> {
            Route route = commandRoutes().next(r);
            String lead = leadIds().next(r);
            String type = Gen.of(CONTENT_TYPES).next(r);
            boolean withType = r.nextBoolean();
            List<byte[]> headers = new ArrayList<>(List.of(auth(users().next(r))));
            if (withType) {
                headers.add(RawHttp.header("Content-Type: " + type));
            }
            return new Hostile("content type", route.method(), bytes(route.path(lead)), headers,
                    route.body().getBytes(StandardCharsets.UTF_8));
        };
    }

    // --- queries -----------------------------------------------------------------------------------

    private Gen<Hostile> queriesWithOddParameters() {
        // minPosition only malformed: a well-formed one past the log's end waits and answers 503 by contract
        // (api.md, read-your-writes; MinPositionTest)
        Gen<String> parameter = Gen.oneOf(
                r -> Gen.of(QUERY_NAMES).next(r) + "=" + oddParameterValues().next(r),
                Gen.of("-1", "-9223372036854775808", "9223372036854775808", "1e3", "0x10", "", "%20", "abc")
                        .map(value -> "minPosition=" + value));
        Gen<String> accept = Gen.of("application/json", "text/csv", "application/xml", "*/*", "text/html",
                "application/x-ndjson", "application/problem+json", "image/png", "text/csv;q=0.1, application/xml");
        return r -> {
            Route route = queryRoutes().next(r);
            String lead = leadIds().next(r);
            List<String> parameters = parameter.list(0, 4).next(r);
            String type = accept.next(r);
            String user = Gen.of("analyst", "admin", "sales", "manager").next(r);
            String path = route.path(lead).replaceFirst("\\?.*$", "") + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
            return new Hostile("odd query", "GET", bytes(path), List.of(auth(user), RawHttp.header("Accept: " + type)), null);
        };
    }

    private Gen<String> oddParameterValues() {
        return Gen.oneOf(
                Gen.anyInt().map(String::valueOf),
                Gen.anyLong().map(String::valueOf),
                Gen.of("2147483647", "-2147483648", "2147483648", "9223372036854775808", "-1", "0", "1e3", "0x10",
                        "99999999999999999999999999999", "NaN", "", "%", "%zz", "true", "null", "LOST", "reason", "month",
                        "lead-views", "OFFER_SENT", "WEBSITE", "NO_NEXT_STEP"),
                Gen.of(ODD_INSTANTS).map(HostileInputTest::encode),
                Gen.of(INJECTIONS).map(HostileInputTest::encode),
                Gen.of(ODD_TEXT).map(HostileInputTest::encode),
                Gen.anyString(0, 20).map(HostileInputTest::encode),
                Gen.strings('!', '~', 0, 12).map(t -> t.replace("#", ""))); // raw: some are not valid in a URL
    }

    // --- paths, headers, methods -------------------------------------------------------------------

    private Gen<Hostile> oddPaths() {
        Gen<byte[]> segment = Gen.oneOf(
                Gen.of("nope", "%2e%2e", "..%2f..", "%00", "%ff", "%c0%af", "%25", "x;jsessionid=1", "..;", "%5c",
                        "a%2Fb", ".", "..", "%u002e", "\\", "~", "%E2%80%AE", "%F0%9F%98%80", "00000000-0000-0000-0000-000000000000",
                        "ffffffff-ffff-ffff-ffff-fffffffffffff", "%20", "{id}").map(HostileInputTest::bytes),
                // raw, not percent-encoded; without CR and LF, which end the request line (HTTP/0.9 has no status)
                Gen.of(ODD_TEXT).map(t -> withoutLineBreaks(t).getBytes(StandardCharsets.UTF_8)),
                Gen.anyString(0, 8).map(t -> withoutLineBreaks(t).getBytes(StandardCharsets.UTF_8)),
                Gen.ints(1000, 12_000).map(n -> bytes("a".repeat(n))));
        Gen<String> template = Gen.of("/api/leads/%s", "/api/leads/%s/history", "/api/leads/%s/first-contact",
                "/api/%s", "/api/leads/%s/..", "/%s/api/leads", "/api/leads//%s", "/api/analytics/%s", "/api/admin/%s",
                "/v3/api-docs/%s", "/%s", "/error/%s", "/actuator/%s");
        return r -> {
            String t = template.next(r);
            byte[] s = segment.next(r);
            String method = Gen.of("GET", "POST").next(r);
            String user = users().next(r);
            String[] parts = t.split("%s", -1);
            byte[] path = concat(bytes(parts[0]), s, bytes(parts[1]));
            byte[] body = method.equals("POST") ? ApiRoutes.REGISTER_BODY.getBytes(StandardCharsets.UTF_8) : null;
            List<byte[]> headers = new ArrayList<>(List.of(auth(user)));
            if (body != null) {
                headers.add(RawHttp.header("Content-Type: application/json"));
            }
            return new Hostile("odd path", method, path, headers, body);
        };
    }

    private Gen<Hostile> oddHeaders() {
        Gen<byte[]> header = Gen.oneOf(
                Gen.of(ODD_TEXT).map(t -> concat(bytes("Idempotency-Key: "), t.getBytes(StandardCharsets.UTF_8))),
                Gen.anyString(1, 30).map(t -> concat(bytes("Idempotency-Key: "),
                        t.replace("\r", "").replace("\n", "").getBytes(StandardCharsets.UTF_8))),
                Gen.of("Idempotency-Key: " + "k".repeat(201), "Idempotency-Key:    ", "If-Match: \"abc\"",
                        "If-Match: W/\"1\"", "If-Match: 99999999999999999999", "If-Match: \"-1\"", "If-Match: *",
                        "If-Match: \"1\", \"2\"", "If-Match: \"1", "Accept: application/xml", "Accept: text/csv",
                        "Accept-Charset: ebcdic", "Accept-Language: ;;;", "X-Forwarded-For: ' or 1=1",
                        "Authorization: Basic !!!not-base64", "Authorization: Bearer abc.def.ghi", "Authorization: Digest x",
                        "Authorization: Basic", "Content-Encoding: gzip", "Transfer-Encoding: identity",
                        "Expect: 100-continue", "Range: bytes=0-1").map(HostileInputTest::bytes),
                Gen.of(new byte[]{'X', '-', 'A', ':', ' ', (byte) 0x85}, new byte[]{'X', '-', 'B', ':', ' ', 0x01},
                        new byte[]{'X', (byte) 0xE9, ':', ' ', 'v'}, new byte[]{'X', '-', 'C', ':', ' ', (byte) 0xC3, (byte) 0xA9},
                        bytes("X-D: " + "d".repeat(9000)), bytes(" folded: header"), bytes("NoColonHere")),
                Gen.strings('a', 'z', 1, 12).map(name -> // unknown users: no real user's login is throttled
                        bytes("Authorization: Basic " + Base64.getEncoder().encodeToString(("nobody-" + name + ":x")
                                .getBytes(StandardCharsets.UTF_8)))));
        Gen<Route> route = Gen.of(routes().stream().filter(r -> !r.access().equals(Access.ERROR_PAGE)).toList());
        return random -> {
            Route r = route.next(random);
            String lead = leadIds().next(random);
            List<byte[]> extra = header.list(1, 3).next(random);
            String user = users().next(random);
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
        };
    }

    private Gen<Hostile> oddMethods() {
        return r -> {
            Route route = Gen.of(routes()).next(r);
            String lead = leadIds().next(r);
            String method = Gen.of("PUT", "DELETE", "OPTIONS", "TRACE", "HEAD", "PROPFIND", "CONNECT", "GETT", "get", "PATCH").next(r);
            return new Hostile("odd method", method, bytes(route.path(lead)), List.of(auth(users().next(r))), null);
        };
    }

    // --- building blocks ---------------------------------------------------------------------------

    private static Gen<Route> commandRoutes() {
        return Gen.of(ApiRoutes.ROUTES.stream().filter(r -> r.access() == Access.REGISTER
                || r.access() == Access.LEAD_COMMAND || r.access() == Access.REASSIGN || r.method().equals("PUT")).toList());
    }

    /**
     * Every route but a replay's start: a replay that a generated request started would still run when
     * another test of the shared context starts its own (and be refused).
     */
    private static List<Route> routes() {
        return ApiRoutes.ROUTES.stream().filter(r -> !r.key().equals("POST /api/admin/replays")).toList();
    }

    private static Gen<Route> queryRoutes() {
        return Gen.of(routes().stream().filter(r -> r.method().equals("GET")).toList());
    }

    /** Mostly the user's own leads (so bodies reach the aggregate), sometimes another rep's or none. */
    private Gen<String> leadIds() {
        return Gen.frequency(List.of(
                Gen.weight(8, Gen.of(ownLeads)),
                Gen.weight(1, Gen.just(othersLeads.get(0))),
                Gen.weight(1, r -> new java.util.UUID(r.nextLong(), r.nextLong()).toString())));
    }

    private static Gen<String> users() {
        return Gen.frequency(List.of(Gen.weight(6, Gen.just("sales")), Gen.weight(2, Gen.just("manager")),
                Gen.weight(1, Gen.just("analyst")), Gen.weight(1, Gen.just("admin"))));
    }

    private static Gen<String> oddNames() {
        return Gen.oneOf(Gen.of("leadId", "owner", "occurredAt", "amount", "currency", "__proto__", "@type",
                        "$ref", "constructor", "stage", "version", "position"),
                Gen.anyString(0, 12));
    }

    private static Gen<JsonNode> oddValues() {
        return Gen.oneOf(
                Gen.<JsonNode>of(NODES.nullNode(), NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode(),
                        NODES.numberNode(-1), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(1e308), NODES.numberNode(0.00001),
                        NODES.numberNode(new BigDecimal("1E+400")), NODES.numberNode(new BigDecimal("1E+2147483647")),
                        NODES.numberNode(new BigDecimal("99999999999999999999.99999")), NODES.numberNode(new BigDecimal("1E-400")),
                        NODES.numberNode(1e20), NODES.numberNode(253402300800L), NODES.textNode("NaN"), NODES.textNode("-0"),
                        amount("1000000000000000"), amount("999999999999999.9999"), amount("-5"), amount("1.23456"),
                        amount("1E+15"), NODES.textNode("PHONE"), NODES.textNode("OTHER"), NODES.textNode("WON")),
                Gen.anyInt().map(NODES::numberNode),
                Gen.of(ODD_INSTANTS).map(NODES::textNode),
                Gen.of(INJECTIONS).map(NODES::textNode),
                Gen.of(ODD_TEXT).map(NODES::textNode),
                Gen.anyString(0, 40).map(NODES::textNode),
                Gen.ints(4_001, 60_000).map(n -> NODES.textNode("x".repeat(n))),
                Gen.ints(40, 80).map(n -> { // a long list
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
    private long[] recorded() {
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

    private static byte[] write(JsonNode body) {
        try {
            return DEEP_JSON.writeValueAsBytes(body);
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
