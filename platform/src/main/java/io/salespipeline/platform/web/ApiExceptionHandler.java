package io.salespipeline.platform.web;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.salespipeline.events.Limits;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps what can go wrong with any request to problem+json: malformed JSON, invalid fields, wrong
 * parameter types, values the firewall rejects (400), a body over the limit (413), Spring MVC's own
 * errors, and, last, anything unexpected: 503 with {@code Retry-After} when the database is unreachable,
 * else 500 (logged, without internals). Side-specific advice (domain exceptions) runs before this one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private final ServerFailures failures;

    public ApiExceptionHandler(ServerFailures failures) {
        this.failures = failures;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ApiExceptionHandler::fieldError).toList();
        ProblemDetail problem = invalidInput(errors.stream().map(e -> e.get("field") + " " + e.get("message"))
                .collect(Collectors.joining("; ")), errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<Map<String, Object>> errors = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(e -> {
                    Map<String, Object> error = new LinkedHashMap<>();
                    error.put("field", r.getMethodParameter().getParameterName());
                    error.put("message", e.getDefaultMessage());
                    return error;
                })).toList();
        return ResponseEntity.badRequest().body(invalidInput("invalid request parameters", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (RequestLimits.tooLarge(ex)) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(RequestLimits.tooLargeProblem());
        }
        String detail = "the request body is not valid JSON for this operation";
        List<Map<String, Object>> errors = List.of();
        if (ex.getCause() instanceof StreamConstraintsException) {
            detail = "the request body is nested too deeply or has a value too long";
        } else if (ex.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = mapping instanceof InvalidFormatException format
                    ? "value " + echo(format.getValue()) + " is not valid" + allowedValues(format.getTargetType())
                    : "has a wrong type or shape";
            detail = field + " " + message;
            errors = List.of(Map.of("field", field, "message", message));
        }
        return ResponseEntity.badRequest().body(invalidInput(detail, errors));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
        String message = "value '" + echo(ex.getValue()) + "' is not valid" + allowedValues(ex.getRequiredType());
        return ResponseEntity.badRequest().body(invalidInput(ex.getName() + " " + message,
                List.of(Map.of("field", ex.getName(), "message", message))));
    }

    /** Value types of the published language reject bad values (a currency code, a UUID) this way. */
    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ProblemDetail> badRequest(BadRequestException ex) {
        return ResponseEntity.badRequest().body(invalidInput(ex.getMessage(),
                List.of(Map.of("field", ex.field(), "message", ex.getMessage()))));
    }

    /** Spring Security's firewall, on a header or parameter it checks when it is read. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException ex) {
        return ResponseEntity.badRequest().body(rejected());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        return failures.answer(ex);
    }

    /** A request the firewall refuses: which rule it broke is not told (it would help probing). */
    public static ProblemDetail rejected() {
        return Problems.of(HttpStatus.BAD_REQUEST, "request-rejected", "Request rejected",
                "the request's path, parameters or headers contain characters or sequences this API does not accept "
                        + "(e.g. an encoded '.', '/', ';' or '%', a double slash, or a value outside printable ASCII)");
    }

    /**
     * A path variable that is blank (e.g. {@code /api/leads/%20/history}): Spring counts a missing path
     * variable as the server's fault (500); here only a client can have sent it.
     */
    @Override
    protected ResponseEntity<Object> handleMissingPathVariable(org.springframework.web.bind.MissingPathVariableException ex,
                                                               HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalidInput("the path variable '" + ex.getVariableName() + "' is blank",
                List.of(Map.of("field", ex.getVariableName(), "message", "must not be blank"))));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType().toString().equals("about:blank")) {
            problem.setType(java.net.URI.create(Problems.TYPE_PREFIX + "http-" + statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    public static ProblemDetail invalidInput(String detail, List<Map<String, Object>> errors) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    private static Map<String, Object> fieldError(FieldError error) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("field", error.getField());
        map.put("message", error.getDefaultMessage());
        Object rejected = error.getRejectedValue();
        if (rejected instanceof CharSequence || rejected instanceof Number || rejected instanceof Boolean
                || rejected instanceof Enum<?> || rejected instanceof java.time.temporal.TemporalAccessor) {
            map.put("rejectedValue", echo(rejected));
        }
        return map;
    }

    /** A client's value as it may be told back: a repeated parameter as a list, never longer than 100 characters. */
    private static String echo(Object value) {
        String text = value instanceof Object[] values ? String.join(", ", java.util.Arrays.stream(values).map(String::valueOf).toList())
                : String.valueOf(value);
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }

    private static String allowedValues(Class<?> type) {
        if (type != null && type.isEnum()) {
            return "; allowed: " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == Instant.class) {
            return "; expected an ISO-8601 instant " + Limits.TIME_RANGE;
        }
        if (type == LocalDate.class) {
            return "; expected an ISO-8601 date " + Limits.DATE_RANGE;
        }
        if (type == int.class || type == Integer.class) {
            return "; expected a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return "; expected a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "";
    }
}
