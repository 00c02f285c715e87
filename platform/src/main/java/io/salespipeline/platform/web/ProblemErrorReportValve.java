package io.salespipeline.platform.web;

import io.salespipeline.platform.security.SecurityHeaders;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's error report for requests it rejects before any application code sees them (a malformed
 * request line, an invalid percent-encoding or character in the path, a bad header): problem+json
 * instead of Tomcat's HTML page. Says only what class of thing was wrong, never echoes the input.
 * Tomcat answers 501 to a method or transfer coding it does not implement (e.g. {@code CONNECT}) and
 * 505 to an HTTP version: what the client sent, so a 400 here (this API answers no 5xx for that).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String detail;
        if (status == 501 || status == 505) {
            status = 400;
            response.setStatus(status);
            detail = "the request uses a method, transfer coding or HTTP version this API does not support";
        } else {
            detail = null;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        detail = detail != null ? detail : status < 500
                ? "the web server rejected the request before reading it: check the request line, the path "
                + "(percent-encoding, characters outside RFC 3986) and the headers"
                : "the web server could not handle the request";
        String body = "{\"type\":\"" + Problems.TYPE_PREFIX + "http-" + status + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("utf-8");
            SecurityHeaders.applyTo(response);
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (Exception e) {
            // the connection is gone or the response cannot take a body: nothing more to do
        }
    }
}
