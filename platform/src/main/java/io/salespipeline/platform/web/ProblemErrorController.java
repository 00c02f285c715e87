package io.salespipeline.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

import java.io.IOException;

/**
 * The {@code /error} page as problem+json, in place of Spring Boot's error JSON: what the servlet
 * container forwards here (an exception a filter threw, a {@code sendError}) and what a client asks for
 * directly. Classifies the failure the same way as the API's exception handlers.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private final ErrorAttributes errorAttributes;
    private final ServerFailures failures;
    private final ObjectMapper objectMapper;

    public ProblemErrorController(ErrorAttributes errorAttributes, ServerFailures failures, ObjectMapper objectMapper) {
        this.errorAttributes = errorAttributes;
        this.failures = failures;
        this.objectMapper = objectMapper;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Throwable error = errorAttributes.getError(new ServletWebRequest(request));
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : HttpStatus.NOT_FOUND.value();
        ProblemDetail problem;
        if (error != null && RequestLimits.tooLarge(error)) {
            problem = RequestLimits.tooLargeProblem();
        } else if (error != null && causedBy(error, RequestRejectedException.class)) {
            problem = ApiExceptionHandler.rejected();
        } else if (error != null && (status >= 500 || DatabaseFailures.isUnavailable(error))) {
            ResponseEntity<ProblemDetail> answer = failures.answer(error);
            answer.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
            problem = answer.getBody();
        } else if (code == null) {
            problem = ProblemResponses.forStatus(404, "no such resource");
        } else {
            problem = ProblemResponses.forStatus(status, status < 500 ? "the request could not be served as sent"
                    : "the server failed to handle the request");
        }
        ProblemResponses.write(response, objectMapper, problem);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        Throwable c = error;
        for (int depth = 0; c != null && depth < 64; depth++, c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
