package io.salespipeline.platform.web;

import io.salespipeline.events.LeadId;
import io.salespipeline.events.Money;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The OpenAPI description at {@code /v3/api-docs} (browse it at {@code /swagger-ui.html}), typed enough to
 * generate a client: every answer a record, the value types as they travel (a lead id is a UUID string, an
 * amount a decimal string), the problems each operation can answer as {@link Problem}, the {@code ETag},
 * {@code Location} and {@code Retry-After} headers where they are sent ({@link ApiAnswers}), and both ways to
 * authenticate. {@code OpenApiTest} (standalone) walks it for untyped maps.
 */
@Configuration
public class OpenApiConfiguration {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String TEXT_CSV = "text/csv";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    static {
        // an enum is one named schema (Stage, LeadSource, ...), not a copy inside every record that uses it: one enum
        // type in a generated client, and no set-of-inline-enum code the Java generator gets wrong
        ModelResolver.enumsAsRef = true;
        SpringDocUtils.getConfig()
                .replaceWithSchema(LeadId.class, new StringSchema().format("uuid").example("3f0c2d9e-6f4b-4c1e-9a55-0d1f6c2b7a10"))
                .replaceWithSchema(Money.class, new ObjectSchema()
                        .addProperty("amount", new StringSchema().pattern("-?\\d{1,15}(\\.\\d{1,4})?")
                                .description("a decimal (as a string)").example("1250.00"))
                        .addProperty("currency", new StringSchema().pattern("[A-Z]{3}").description("ISO 4217").example("PLN"))
                        .required(List.of("amount", "currency")));
    }

    /** What each problem status means in this API; the 429 and 503 answers carry {@code Retry-After}. */
    private static final Map<Integer, String> PROBLEMS = new LinkedHashMap<>();

    static {
        PROBLEMS.put(400, "invalid input: a malformed or invalid body, parameter or header (`errors` lists the fields)");
        PROBLEMS.put(401, "no or wrong credentials");
        PROBLEMS.put(403, "the caller's role may not do this (or, for a sales rep, not on another rep's lead)");
        PROBLEMS.put(404, "unknown (or, for a sales rep, another rep's) lead or resource");
        PROBLEMS.put(406, "an Accept header without JSON");
        PROBLEMS.put(409, "illegal for the lead's stage (`stage`, `allowedCommands`) or a concurrent change");
        PROBLEMS.put(412, "If-Match names another version of the lead (`expectedVersion`, `currentVersion`)");
        PROBLEMS.put(413, "a body over pipeline.http.max-body-size (256 KB)");
        PROBLEMS.put(415, "a body that is not application/json");
        PROBLEMS.put(422, "a valid request that breaks a business rule (`rule`)");
        PROBLEMS.put(429, "too many failed logins for this user name from this address; retry after Retry-After seconds");
        PROBLEMS.put(503, "the database is unreachable, or the read models have not applied minPosition in time; "
                + "retry after Retry-After seconds");
    }

    /** Problems any {@code /api/**} request can meet. */
    private static final List<Integer> EVERY_REQUEST = List.of(400, 401, 403, 429, 503);

    @Bean
    OpenAPI pipelineApi(@Value("${spring.application.name:sales-pipeline}") String application) {
        return new OpenAPI()
                .info(new Info().title("Sales pipeline API (" + application + ")").version("1")
                        .description("""
                                Commands move a lead through the sales process and answer LeadCommandResult \
                                {leadId, version, stage, position} with ETag; optional occurredAt (business time), \
                                Idempotency-Key and If-Match. Queries read the pipeline, analytics (JSON or text/csv) \
                                and the event log (NDJSON); minPosition (a command's position) makes a query wait \
                                for the read models. Errors are application/problem+json (Problem)."""))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("""
                                        HTTP Basic with a configured user (pipeline.security.users), e.g. the standalone \
                                        demo user sales/sales: `Authorization: Basic c2FsZXM6c2FsZXM=`. Failed logins are \
                                        limited per user name and address (429 with Retry-After)."""))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT")
                                .description("""
                                        A JWT from the configured issuer \
                                        (spring.security.oauth2.resourceserver.jwt.issuer-uri), e.g. \
                                        `Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJld2EiLCJyb2xlcyI6WyJTQUxFUyJdfQ.<signature>` \
                                        with the claims `{"sub": "ewa", "roles": ["SALES"]}`: the user name from `sub` \
                                        (or the configured principal claim), the roles (SALES, MANAGER, ANALYST, ADMIN) \
                                        from `roles`.""")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** The {@link Problem} schema (and its {@code FieldError}) among the components. */
    @Bean
    OpenApiCustomizer problemSchema() {
        return openApi -> {
            Components components = openApi.getComponents();
            ModelConverters.getInstance().readAll(Problem.class).forEach(components::addSchemas);
        };
    }

    /** Statuses, headers and problems of each {@code /api/**} operation. */
    @Bean
    OperationCustomizer answers() {
        return (operation, handler) -> {
            ApiAnswers answers = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), ApiAnswers.class);
            describe(operation, answers);
            return operation;
        };
    }

    static void describe(Operation operation, ApiAnswers answers) {
        ApiResponses responses = operation.getResponses() != null ? operation.getResponses() : new ApiResponses();
        ApiResponse success = responses.get("200");
        if (success == null) {
            success = new ApiResponse();
        }
        int status = answers == null ? 200 : answers.status();
        responses.remove("200");
        if (status == 204) {
            success = new ApiResponse().description("No Content");
        }
        if (success.getDescription() == null || success.getDescription().equals("OK") || status != 200) {
            success.setDescription(HttpStatus.valueOf(status).getReasonPhrase());
        }
        if (answers != null) {
            for (String header : answers.headers()) {
                success.addHeaderObject(header, header(header));
            }
        }
        if (success.getContent() != null && success.getContent().containsKey(TEXT_CSV)) {
            // one method answers JSON and, asked with Accept: text/csv, the same numbers as CSV
            // (a media type object of its own: springdoc shares one between the method's media types)
            success.getContent().addMediaType(TEXT_CSV, new MediaType().schema(new StringSchema()
                    .description("CSV: a header line, then one line per row (RFC 4180)")));
        }
        ApiResponses described = new ApiResponses();
        described.addApiResponse(String.valueOf(status), success);
        if (answers != null) {
            for (int also : answers.alsoStatus()) {
                described.addApiResponse(String.valueOf(also), new ApiResponse()
                        .description(HttpStatus.valueOf(also).getReasonPhrase()).content(success.getContent())
                        .headers(success.getHeaders()));
            }
        }
        TreeSet<Integer> problems = new TreeSet<>(EVERY_REQUEST);
        if (answers != null) {
            for (int problem : answers.problems()) {
                problems.add(problem);
            }
        }
        for (int problem : problems) {
            ApiResponse response = new ApiResponse().description(PROBLEMS.getOrDefault(problem,
                            HttpStatus.valueOf(problem).getReasonPhrase()))
                    .content(new Content().addMediaType(PROBLEM_JSON,
                            new MediaType().schema(new Schema<>().$ref(PROBLEM_REF))));
            if (problem == 429 || problem == 503) {
                response.addHeaderObject("Retry-After", header("Retry-After"));
            }
            described.addApiResponse(String.valueOf(problem), response);
        }
        operation.setResponses(described);
    }

    private static Header header(String name) {
        return switch (name) {
            case "ETag" -> new Header().description("the lead's (or definition's) version, quoted; send it back as If-Match")
                    .schema(new StringSchema().example("\"7\""));
            case "Location" -> new Header().description("where the created resource (or the accepted work's progress) is read")
                    .schema(new StringSchema().format("uri-reference").example("/api/leads/3f0c2d9e-6f4b-4c1e-9a55-0d1f6c2b7a10"));
            case "Retry-After" -> new Header().description("seconds to wait before retrying")
                    .schema(new IntegerSchema().example(2));
            default -> new Header().schema(new StringSchema());
        };
    }
}
