package io.salespipeline.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/**
 * The first filter every request passes, before authentication: a Content-Type must not be a wildcard
 * ({@code 415}), header values must be printable ASCII ({@code 400} otherwise; RFC 9110 leaves other bytes' meaning open, and an {@code Idempotency-Key}
 * or a user name must mean the same on every path), and a body may not exceed
 * {@code pipeline.http.max-body-size} ({@code 413}, by its {@code Content-Length} at once, or while it is
 * read when it comes chunked). Streamed uploads ({@code application/x-ndjson}) are left to the endpoint
 * that reads them.
 */
public class RequestLimits extends OncePerRequestFilter {

    private final long maxBodyBytes;
    private final ObjectMapper objectMapper;

    public RequestLimits(HttpProperties http, ObjectMapper objectMapper) {
        this.maxBodyBytes = http.maxBodySize().toBytes();
        this.objectMapper = objectMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String badHeader = headerWithUnsafeValue(request);
        if (badHeader != null) {
            ProblemDetail problem = ApiExceptionHandler.invalidInput("header " + badHeader
                    + " has characters outside printable ASCII", List.of(Map.of("field", badHeader,
                    "message", "must be printable ASCII")));
            ProblemResponses.write(response, objectMapper, problem);
            return;
        }
        if (hasWildcardContentType(request)) {
            ProblemResponses.write(response, objectMapper, Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "http-415", "Unsupported Media Type", "Content-Type must name one media type, e.g. application/json"));
            return;
        }
        if (isStreamedUpload(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            ProblemResponses.write(response, objectMapper, tooLargeProblem());
            return;
        }
        chain.doFilter(new LimitedBody(request, maxBodyBytes), response);
    }

    /** Whether the failure comes from a body over the limit. */
    public static boolean tooLarge(Throwable failure) {
        Throwable c = failure;
        for (int depth = 0; c != null && depth < 64; depth++, c = c.getCause()) {
            if (c instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    public static ProblemDetail tooLargeProblem() {
        return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
                "the request body is larger than this API accepts");
    }

    private static String headerWithUnsafeValue(HttpServletRequest request) {
        Enumeration<String> names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            for (String value : Collections.list(request.getHeaders(name))) {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if ((c < 0x20 && c != '\t') || c > 0x7e) {
                        return name.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f) ? name : "(a header)";
                    }
                }
            }
        }
        return null;
    }

    /** A wildcard Content-Type (any type, or application/anything): Spring MVC fails on it instead of answering 415. */
    private static boolean hasWildcardContentType(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null || type.isBlank()) {
            return false;
        }
        try {
            MediaType mediaType = MediaType.parseMediaType(type);
            return mediaType.isWildcardType() || mediaType.isWildcardSubtype();
        } catch (InvalidMediaTypeException unparseable) {
            return false; // Spring MVC answers 415 for that
        }
    }

    private static boolean isStreamedUpload(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-ndjson");
    }

    /** Thrown while reading a body that grows past the limit. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body over the limit");
        }
    }

    private static final class LimitedBody extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedBody(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
