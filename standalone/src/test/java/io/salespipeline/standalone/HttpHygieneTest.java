package io.salespipeline.standalone;

import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error path answers problem+json with the security headers: the firewall's rejections, what
 * Tomcat refuses before the application sees it, the {@code /error} page, bodies too large or too deep,
 * header values outside ASCII. Failed logins are throttled per user and address. An unknown lead is a
 * quiet 404.
 */
@ExtendWith(OutputCaptureExtension.class)
class HttpHygieneTest extends StandaloneTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void firewallRejections_containerRejections_andTheErrorPage_answerProblemJsonWithTheSecurityHeaders() {
        List<Object[]> cases = List.of(
                new Object[]{"/api/leads/%2e%2e/x", 400, "request-rejected"},
                new Object[]{"/api/..;/leads", 400, "request-rejected"},
                new Object[]{"/api//leads", 400, "request-rejected"},
                new Object[]{"/api/leads/x;jsessionid=1", 400, "request-rejected"},
                new Object[]{"/api/leads/%2F", 400, "http-400"},
                new Object[]{"/api/leads/%ZZ", 400, "http-400"},
                new Object[]{"/api/leads/\u00e9", 400, "http-400"},
                new Object[]{"/api/le ads", 400, "http-400"},
                new Object[]{"/error", 404, "http-404"},
                new Object[]{"/nothing-here", 404, "http-404"});
        for (Object[] c : cases) {
            RawHttp.Response r = RawHttp.send(port, RawHttp.request("GET", ((String) c[0]).getBytes(StandardCharsets.UTF_8),
                    List.of(RawHttp.basicAuth("manager", "manager")), null));
            assertProblem(c[0].toString(), r, (int) c[1], (String) c[2]);
        }
        RawHttp.Response connect = RawHttp.send(port, RawHttp.request("CONNECT", "/api/leads".getBytes(StandardCharsets.UTF_8),
                List.of(RawHttp.basicAuth("manager", "manager")), null));
        assertProblem("CONNECT", connect, 400, "http-400");
    }

    @Test
    void aHeaderValueOutsidePrintableAscii_isA400_andRecordsNothing() {
        long before = events();
        for (byte[] key : List.of(new byte[]{(byte) 0xC3, (byte) 0xA9}, new byte[]{(byte) 0x85}, new byte[]{(byte) 0xE9})) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.writeBytes("Idempotency-Key: k".getBytes(StandardCharsets.ISO_8859_1));
            header.writeBytes(key);
            RawHttp.Response r = RawHttp.send(port, RawHttp.request("POST", "/api/leads".getBytes(StandardCharsets.UTF_8),
                    List.of(RawHttp.basicAuth("sales", "sales"), RawHttp.header("Content-Type: application/json"), header.toByteArray()),
                    ApiRoutes.REGISTER_BODY.getBytes(StandardCharsets.UTF_8)));
            assertProblem("non-ASCII Idempotency-Key", r, 400, "invalid-input");
        }
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void aBodyTooLarge_is413_andOneTooDeep_is400_whetherItsLengthIsKnownOrNot() {
        long before = events();
        String large = "{\"company\": {\"name\": \"x\"}, \"contact\": {\"name\": \"y\", \"phone\": \"1\"}, \"source\": \"OTHER\", "
                + "\"notes\": \"" + "n".repeat(300 * 1024) + "\"}";
        RawHttp.Response known = RawHttp.send(port, RawHttp.request("POST", "/api/leads".getBytes(StandardCharsets.UTF_8),
                List.of(RawHttp.basicAuth("sales", "sales"), RawHttp.header("Content-Type: application/json")),
                large.getBytes(StandardCharsets.UTF_8)));
        assertProblem("300 KB body", known, 413, "payload-too-large");
        RawHttp.Response chunked = RawHttp.send(port, RawHttp.request("POST", "/api/leads".getBytes(StandardCharsets.UTF_8),
                List.of(RawHttp.basicAuth("sales", "sales"), RawHttp.header("Content-Type: application/json"),
                        RawHttp.header("Transfer-Encoding: chunked")), null, chunked(large)));
        assertProblem("300 KB body, chunked", chunked, 413, "payload-too-large");
        String deep = "{\"company\": " + "[".repeat(40) + "]".repeat(40) + "}";
        assertProblem("40 levels deep", raw(Http.on(port).as("sales").post("/api/leads", deep)), 400, "invalid-input");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void failedLogins_areLimitedPerUserAndAddress_with429AndRetryAfter() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(basic("throttled", "wrong", null).status()).isEqualTo(401);
        }
        RawHttp.Response limited = basic("throttled", "wrong", null);
        assertProblem("6th failed login", limited, 429, "too-many-failed-logins");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        // while the limit holds, the right password does not help from this address...
        assertThat(basic("throttled", "throttled", null).status()).isEqualTo(429);
        // ...but another user from this address, and the same user from another address, are not limited
        assertThat(basic("sales", "sales", null).status()).isEqualTo(200);
        assertThat(basic("throttled", "throttled", InetAddress.getByName("127.0.0.2")).status()).isEqualTo(200);
        assertThat(basic("throttled", "wrong", InetAddress.getByName("127.0.0.2")).status()).isEqualTo(401);
    }

    @Test
    void successfulAnswers_carryTheSecurityHeadersToo() {
        Http.Response ok = Http.on(port).as("manager").get("/api/pipeline");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(ok.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(ok.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(ok.header("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(ok.header("Cache-Control")).contains("no-store");
        Http.Response docs = Http.on(port).get("/swagger-ui/index.html");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.header("Content-Security-Policy")).contains("default-src 'self'");
    }

    @Test
    void anUnknownLead_isAQuiet404(CapturedOutput output) {
        String unknown = UUID.randomUUID().toString();
        int before = output.getAll().length();
        assertProblem("command on an unknown lead", raw(Http.on(port).as("manager").post("/api/leads/" + unknown + "/won", "{}")),
                404, "unknown-lead");
        assertProblem("read of an unknown lead", raw(Http.on(port).as("manager").get("/api/leads/" + unknown)), 404, "unknown-lead");
        String logged = output.getAll().substring(before);
        assertThat(logged).doesNotContain("AggregateNotFoundException").doesNotContain("\tat ").doesNotContain(" WARN ")
                .doesNotContain(" ERROR ");
    }

    private RawHttp.Response basic(String user, String password, InetAddress from) {
        return RawHttp.send(from, port, RawHttp.request("GET", "/api/pipeline".getBytes(StandardCharsets.UTF_8),
                List.of(RawHttp.basicAuth(user, password)), null));
    }

    private static void assertProblem(String what, RawHttp.Response r, int status, String type) {
        assertThat(r.status()).as(what + " -> " + r).isEqualTo(status);
        assertThat(r.isProblem()).as(what + " -> " + r).isTrue();
        assertThat(r.json().get("type").asText()).as(what + " -> " + r).isEqualTo("urn:sales-pipeline:problem:" + type);
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.header("X-Content-Type-Options")).as(what + ": security headers").isEqualTo("nosniff");
        assertThat(r.header("X-Frame-Options")).as(what + ": security headers").isEqualTo("DENY");
        assertThat(r.header("Content-Security-Policy")).as(what + ": security headers").isNotBlank();
        assertThat(r.header("Referrer-Policy")).as(what + ": security headers").isEqualTo("no-referrer");
    }

    private static RawHttp.Response raw(Http.Response r) {
        java.util.Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        for (String name : List.of("content-type", "x-content-type-options", "x-frame-options", "content-security-policy",
                "referrer-policy", "retry-after")) {
            if (r.header(name) != null) {
                headers.put(name, List.of(r.header(name)));
            }
        }
        return new RawHttp.Response(r.status(), headers, r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < bytes.length; at += 8192) {
            int n = Math.min(8192, bytes.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private long events() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }
}
