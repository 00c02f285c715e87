package io.salespipeline.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an endpoint answers besides its body, for the OpenAPI description ({@link OpenApiConfiguration}): the
 * status of success when it is not 200, the headers a success carries, and the problem statuses the endpoint
 * itself can answer. Every {@code /api/**} operation is also described with the problems any request can meet
 * (400 malformed request, 401, 403, 429 and 503 with {@code Retry-After}).
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ApiAnswers {

    /** The success status (201 for a creation, 202 for work accepted, 204 without a body). */
    int status() default 200;

    /** Other success statuses with the same body (e.g. 200 when a definition changed, 201 when it was new). */
    int[] alsoStatus() default {};

    /** Headers of a success: {@code ETag}, {@code Location}. */
    String[] headers() default {};

    /** Problem statuses this endpoint answers besides the ones every request can meet. */
    int[] problems() default {};
}
