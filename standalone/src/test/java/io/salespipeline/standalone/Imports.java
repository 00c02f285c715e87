package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.platform.testing.Http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Imports of lead histories over HTTP ({@code POST /api/imports}, NDJSON), and the same histories sent command by command. */
final class Imports {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The HTTP route of each command of the import format, as API.md lists them. */
    private static final Map<String, String> ROUTES = Map.ofEntries(
            Map.entry("RegisterLead", "POST /api/leads"),
            Map.entry("RecordFirstContact", "POST /api/leads/{id}/first-contact"),
            Map.entry("QualifyLead", "POST /api/leads/{id}/qualification"),
            Map.entry("DisqualifyLead", "POST /api/leads/{id}/disqualification"),
            Map.entry("StartOfferPreparation", "POST /api/leads/{id}/offer-preparation"),
            Map.entry("SendOffer", "POST /api/leads/{id}/offer"),
            Map.entry("ReviseOffer", "POST /api/leads/{id}/offer-revisions"),
            Map.entry("RecordFollowUp", "POST /api/leads/{id}/follow-ups"),
            Map.entry("MarkWon", "POST /api/leads/{id}/won"),
            Map.entry("MarkLost", "POST /api/leads/{id}/lost"),
            Map.entry("StartAfterSales", "POST /api/leads/{id}/after-sales"),
            Map.entry("RecordAfterSalesContact", "POST /api/leads/{id}/after-sales/contacts"),
            Map.entry("ReopenLead", "POST /api/leads/{id}/reopening"),
            Map.entry("ScheduleNextStep", "POST /api/leads/{id}/next-step"),
            Map.entry("ReassignLead", "POST /api/leads/{id}/owner"),
            Map.entry("UpdateContactDetails", "PATCH /api/leads/{id}/contact"));

    private Imports() {
    }

    /**
     * Imports {@code leads} generated histories of every path (a random seed), the last of them ending at {@code end},
     * as the manager, and checks that every one was imported.
     */
    static void generated(int port, int leads, java.time.Instant end) {
        io.salespipeline.history.HistoryGenerator generator =
                new io.salespipeline.history.HistoryGenerator(java.util.concurrent.ThreadLocalRandom.current().nextLong(), end);
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < leads; i++) {
            lines.add(generator.next().line());
        }
        JsonNode imported = run(port, "manager", String.join("\n", lines));
        assertThat(imported.get("leadsImported").asLong()).as(imported.toString()).isEqualTo(leads);
    }

    /** Posts {@code ndjson} and waits until the import has ended; answers its progress resource. */
    static JsonNode run(int port, String user, String ndjson) {
        Posted posted = send(port, user, ndjson);
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        assertThat(posted.location()).isEqualTo("/api/imports/" + posted.json().get("id").asText());
        return awaitEnd(Http.on(port).as(user), posted.json().get("id").asText());
    }

    /** Posts {@code ndjson} as {@code user}. */
    static Posted send(int port, String user, String ndjson) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/imports"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(ndjson, StandardCharsets.UTF_8)).build();
        try {
            return new Posted(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the import is no longer RUNNING. */
    static JsonNode awaitEnd(Http http, String id) {
        return StandaloneTest.await(() -> http.get("/api/imports/" + id).json(),
                p -> !p.get("state").asText().equals("RUNNING"), Duration.ofMinutes(5));
    }

    /** A line with another lead id and, when given, another pipeline for its registration. */
    static String rewrite(String line, UUID leadId, String pipeline) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            node.put("leadId", leadId.toString());
            if (pipeline != null) {
                ((ObjectNode) node.get("commands").get(0)).put("pipeline", pipeline);
            }
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a lead's commands one by one over HTTP as {@code http}'s user, each with its occurredAt; all must succeed. */
    static void sendOverHttp(Http http, String line) {
        try {
            JsonNode node = JSON.readTree(line);
            String id = node.get("leadId").asText();
            for (JsonNode command : node.get("commands")) {
                ObjectNode body = ((ObjectNode) command).deepCopy();
                String name = body.remove("command").asText();
                if (name.equals("RegisterLead")) {
                    body.put("leadId", id);
                }
                String[] route = ROUTES.get(name).split(" ");
                Http.Response r = http.send(route[0], route[1].replace("{id}", id), JSON.writeValueAsString(body));
                assertThat(r.status() / 100).as("%s of %s: %s", name, id, r).isEqualTo(2);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lines of an NDJSON text. */
    static List<String> lines(String ndjson) {
        return new ArrayList<>(ndjson.lines().toList());
    }

    /** An answer to a POST of an import. */
    record Posted(HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        String location() {
            return response.headers().firstValue("Location").orElse(null);
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

    }
}
