package io.salespipeline.platform.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.net.URI;
import java.util.List;

/**
 * The shape of every error answer, as the OpenAPI description shows it: RFC 9457 problem details
 * ({@code application/problem+json}, built as Spring's {@code ProblemDetail} by {@link Problems}) with this API's
 * extension members. Only {@code type}, {@code title}, {@code status} and {@code detail} are always present;
 * the others belong to particular problems.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
        @Schema(description = "the problem type, urn:sales-pipeline:problem:<type>", example = "urn:sales-pipeline:problem:invalid-input",
                requiredMode = Schema.RequiredMode.REQUIRED) URI type,
        @Schema(example = "Invalid input", requiredMode = Schema.RequiredMode.REQUIRED) String title,
        @Schema(example = "400", requiredMode = Schema.RequiredMode.REQUIRED) int status,
        @Schema(example = "company.name: must not be blank") String detail,
        @Schema(description = "the request's path", example = "/api/leads") URI instance,
        @Schema(description = "400: each invalid field or parameter") List<FieldError> errors,
        @Schema(description = "409 illegal transition: the lead's stage", example = "OFFER_SENT") String stage,
        @Schema(description = "409 illegal transition: the command refused", example = "StartOfferPreparation") String command,
        @Schema(description = "409 illegal transition: the commands the lead accepts now") List<String> allowedCommands,
        @Schema(description = "422: the business rule broken", example = "OCCURRED_AT_BEFORE_LAST_EVENT") String rule,
        @Schema(description = "412: the version If-Match asked for") Long expectedVersion,
        @Schema(description = "412: the lead's version") Long currentVersion,
        @Schema(description = "503: the minPosition the read models have not reached") Long minPosition,
        @Schema(description = "503: the read models waited for") List<String> projections,
        @Schema(description = "409 pipeline definition: the source another pipeline serves") String source,
        @Schema(description = "409 pipeline definition: the pipeline serving that source") String claimedBy) {

    /**
     * @param field         the field or parameter, as the request named it
     * @param message       what is wrong with it
     * @param rejectedValue the value sent, when it can be told back (at most 100 characters)
     */
    @Schema(name = "FieldError")
    public record FieldError(@Schema(example = "company.name", requiredMode = Schema.RequiredMode.REQUIRED) String field,
                             @Schema(example = "must not be blank", requiredMode = Schema.RequiredMode.REQUIRED) String message,
                             String rejectedValue) {
    }
}
