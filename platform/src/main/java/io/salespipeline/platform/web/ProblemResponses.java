package io.salespipeline.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.platform.security.SecurityHeaders;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;

/**
 * Writes a problem straight to the servlet response, for the places that answer before (or outside)
 * Spring MVC: request limits, firewall rejections, the {@code /error} page. Adds the security headers,
 * since some of these answers never pass the filter that would.
 */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static void write(HttpServletResponse response, ObjectMapper objectMapper, ProblemDetail problem)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        SecurityHeaders.applyTo(response);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        objectMapper.writeValue(response.getOutputStream(), problem);
    }

    /** The problem for a bare status, with this API's type ({@code urn:sales-pipeline:problem:http-404}). */
    public static ProblemDetail forStatus(int status, String detail) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return Problems.of(org.springframework.http.HttpStatusCode.valueOf(status), "http-" + status, title, detail);
    }

    public static void retryAfter(HttpServletResponse response, long seconds) {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }
}
