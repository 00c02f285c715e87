package io.salespipeline.command.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.command.CommandSideApplication;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.platform.testing.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side over real HTTP against this run's own PostgreSQL database. All subclasses share
 * one Spring context.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("apitest")
public abstract class CommandApiTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected Http api() {
        return Http.on(port);
    }

    protected Http as(String user) {
        return api().as(user);
    }

    /** Registers a lead owned by {@code user} and answers its id. */
    protected String register(String user) {
        Http.Response r = as(user).post("/api/leads", """
                {"company": {"name": "ACME Sp. z o.o.", "taxId": "PL1234567890", "address": "Warszawa"},
                 "contact": {"name": "Jan Kowalski", "email": "jan@acme.pl", "phone": "+48 600 100 200"},
                 "source": "REFERRAL", "priorContact": false}""");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("leadId").asText();
    }

    protected static String in(long hours) {
        return Instant.now().plus(hours, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    protected JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** Lead up to the stage named, as {@code user}; answers the id. */
    protected String leadIn(String stage, String user) {
        String id = register(user);
        if (stage.equals("INQUIRY_RECEIVED")) return id;
        ok(as(user).post("/api/leads/" + id + "/first-contact",
                "{\"channel\": \"PHONE\", \"nextContactAt\": \"" + in(24) + "\"}"));
        ok(as(user).post("/api/leads/" + id + "/qualification", """
                {"estimatedValue": {"amount": "10000.00", "currency": "PLN"}, "proposedService": "CRM rollout"}"""));
        if (stage.equals("CONTACTED")) return id;
        ok(as(user).post("/api/leads/" + id + "/offer-preparation", "{}"));
        if (stage.equals("OFFER_PREPARATION")) return id;
        ok(as(user).post("/api/leads/" + id + "/offer", """
                {"value": {"amount": "9500.00", "currency": "PLN"}, "description": "CRM rollout, 20 seats"}"""));
        if (stage.equals("OFFER_SENT")) return id;
        throw new IllegalArgumentException(stage);
    }

    protected List<Long> sequenceNumbers(String leadId) {
        return jdbc.queryForList("select sequence_number from domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", Long.class, leadId);
    }

    protected List<String> eventTypes(String leadId) {
        return jdbc.queryForList("select payload_type from domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", String.class, leadId).stream()
                .map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
    }

    protected static void assertProblem(Http.Response r, int status, String type) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isEqualTo("urn:sales-pipeline:problem:" + type);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }
}
