package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description at {@code /v3/api-docs} is typed enough to generate a client: no operation answers an
 * untyped map or a free-form object, at any status and in any media type, down to the last nested property; problem
 * responses, the ETag/Location/Retry-After headers and both security schemes are described. The description is
 * kept in {@code target/api-docs.json} (what the client generator in docs/operations.md reads).
 */
class OpenApiTest extends StandaloneTest {

    private JsonNode apiDocs() throws IOException {
        Http.Response r = Http.on(port).get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        Files.writeString(Path.of("target", "api-docs.json"), r.json().toPrettyString());
        return r.json();
    }

    @Test
    void noOperationAnswersAnUntypedMap() throws IOException {
        JsonNode docs = apiDocs();
        JsonNode schemas = docs.path("components").path("schemas");
        List<String> untyped = new ArrayList<>();
        int responses = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = docs.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                for (Iterator<Map.Entry<String, JsonNode>> statuses = op.getValue().path("responses").fields(); statuses.hasNext(); ) {
                    Map.Entry<String, JsonNode> status = statuses.next();
                    for (Iterator<Map.Entry<String, JsonNode>> media = status.getValue().path("content").fields(); media.hasNext(); ) {
                        Map.Entry<String, JsonNode> type = media.next();
                        responses++;
                        String where = op.getKey().toUpperCase() + " " + path.getKey() + " " + status.getKey() + " " + type.getKey();
                        walk(type.getValue().path("schema"), schemas, where, new HashSet<>(), untyped);
                    }
                }
            }
        }
        assertThat(responses).as("responses with content").isGreaterThan(50);
        assertThat(untyped).as("responses whose schema is (or contains) an untyped map or a free-form object").isEmpty();
    }

    @Test
    void problemsHeadersAndSecurity_areDescribed() throws IOException {
        JsonNode docs = apiDocs();
        JsonNode paths = docs.path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (JsonNode op : path.getValue()) {
                for (String status : List.of("400", "401", "403", "429", "503")) {
                    assertThat(op.path("responses").path(status).path("content").has("application/problem+json"))
                            .as("%s answers %s as problem+json", path.getKey(), status).isTrue();
                }
                assertThat(op.path("responses").path("503").path("headers").has("Retry-After")).isTrue();
                assertThat(op.path("parameters").findValuesAsText("name")).as("parameters of %s", path.getKey())
                        .doesNotHaveDuplicates();
                assertThat(op.path("responses").path("429").path("headers").has("Retry-After")).isTrue();
            }
        }
        JsonNode register = paths.path("/api/leads").path("post").path("responses");
        assertThat(register.path("201").path("headers").has("Location")).isTrue();
        assertThat(register.path("201").path("headers").has("ETag")).isTrue();
        assertThat(register.has("200")).as("registration answers 201").isFalse();
        JsonNode offer = paths.path("/api/leads/{id}/offer").path("post").path("responses");
        assertThat(offer.path("200").path("headers").has("ETag")).isTrue();
        assertThat(offer.path("200").path("content").path("application/json").path("schema").path("$ref").asText())
                .endsWith("/LeadCommandResult");
        for (String status : List.of("404", "409", "412", "413", "415", "422")) {
            assertThat(offer.path(status).path("content").path("application/problem+json").path("schema").path("$ref").asText())
                    .as("a command answers %s", status).endsWith("/Problem");
        }
        assertThat(paths.path("/api/admin/replays").path("post").path("responses").path("202").path("headers").has("Location"))
                .isTrue();
        assertThat(paths.path("/api/pipelines/{key}").path("get").path("responses").path("200").path("headers").has("ETag"))
                .isTrue();
        JsonNode funnel = paths.path("/api/analytics/funnel").path("get").path("responses").path("200").path("content");
        assertThat(funnel.path("application/json").path("schema").path("$ref").asText()).endsWith("/Funnel");
        assertThat(funnel.path("text/csv").path("schema").path("type").asText()).isEqualTo("string");
        assertThat(paths.path("/api/leads/{id}").path("get").path("responses").path("200").path("headers").has("ETag"))
                .isTrue();
        assertThat(paths.path("/api/leads/{id}/history").path("get").path("responses").has("404")).isTrue();
        JsonNode problem = docs.path("components").path("schemas").path("Problem").path("properties");
        assertThat(problem.path("errors").path("items").path("$ref").asText()).endsWith("/FieldError");
        JsonNode schemes = docs.path("components").path("securitySchemes");
        assertThat(schemes.path("basic").path("scheme").asText()).isEqualTo("basic");
        assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("bearer").path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(schemes.path("basic").path("description").asText()).contains("Authorization: Basic ");
        assertThat(schemes.path("bearer").path("description").asText()).contains("Authorization: Bearer ");
        assertThat(docs.path("security").findValuesAsText("basic")).isNotNull();
        assertThat(docs.path("security").toString()).contains("basic", "bearer");
    }

    /** Reports each spot under {@code schema} that is an untyped map or a free-form object. */
    static void walk(JsonNode schema, JsonNode schemas, String where, Set<String> seen, List<String> untyped) {
        if (schema.isMissingNode() || schema.isNull()) {
            untyped.add(where + ": no schema");
            return;
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            if (seen.add(name)) {
                JsonNode target = schemas.path(name);
                if (target.isMissingNode()) {
                    untyped.add(where + ": unknown schema " + name);
                } else {
                    walk(target, schemas, where + " > " + name, seen, untyped);
                }
            }
            return;
        }
        boolean composed = false;
        for (String key : List.of("allOf", "oneOf", "anyOf")) {
            for (JsonNode part : schema.path(key)) {
                composed = true;
                walk(part, schemas, where + " (" + key + ")", seen, untyped);
            }
        }
        String type = schema.path("type").asText(schema.path("types").path(0).asText(""));
        if (type.equals("array")) {
            walk(schema.path("items"), schemas, where + "[]", seen, untyped);
            return;
        }
        if (!type.isEmpty() && !type.equals("object")) {
            return; // string, number, integer, boolean: typed
        }
        if (composed && schema.path("properties").isEmpty() && !schema.has("additionalProperties")) {
            return; // one of (all of) the typed schemas walked above
        }
        JsonNode additional = schema.get("additionalProperties");
        boolean hasProperties = schema.path("properties").size() > 0;
        if (additional != null && (additional.isBoolean() ? additional.asBoolean() : isFreeForm(additional))) {
            untyped.add(where + ": a map of anything");
            return;
        }
        if (!hasProperties && additional == null) {
            untyped.add(where + ": a free-form object");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            walk(property.getValue(), schemas, where + "." + property.getKey(), seen, untyped);
        }
        if (additional != null && additional.isObject()) {
            walk(additional, schemas, where + ".*", seen, untyped);
        }
    }

    private static boolean isFreeForm(JsonNode schema) {
        return !schema.has("$ref") && !schema.has("type") && !schema.has("types") && !schema.has("allOf")
                && !schema.has("oneOf") && !schema.has("anyOf") && !schema.has("properties");
    }
}
