package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: paths, headers and bodies that a well-behaved
 * client library refuses to send (raw non-ASCII bytes, control characters, broken encodings), from any
 * loopback address. One connection per request ({@code Connection: close}).
 */
final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    record Response(int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        boolean isProblem() {
            String type = header("content-type");
            return type != null && type.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + header("content-type") + " " + (text.length() > 400 ? text.substring(0, 400) + "..." : text);
        }
    }

    /** A request; {@code path} and header lines may hold any bytes. */
    static byte[] request(String method, byte[] path, List<byte[]> headerLines, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " ").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(path);
        out.writeBytes(" HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] line : headerLines) {
            out.writeBytes(line);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        // after the caller's lines: a folded line (" x: y") must not turn it into "close x: y" (and keep the connection open)
        out.writeBytes("Connection: close\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** A request whose body bytes go as they are, framed by the caller (e.g. chunked), without a Content-Length. */
    static byte[] request(String method, byte[] path, List<byte[]> headerLines, Void noLength, byte[] framedBody) {
        byte[] head = request(method, path, headerLines, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        out.writeBytes(framedBody);
        return out.toByteArray();
    }

    static byte[] basicAuth(String user, String password) {
        return ("Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] header(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }

    static Response send(int port, byte[] request) {
        return send(null, port, request);
    }

    /** Sends from {@code local} (e.g. 127.0.0.2), or any loopback address when null. */
    static Response send(InetAddress local, int port, byte[] request) {
        try (Socket socket = new Socket()) {
            if (local != null) {
                socket.bind(new InetSocketAddress(local, 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(60_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException sendFailed) {
                // the server may answer and close before it has read everything (a body over the limit)
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("request to port " + port + " failed", e);
        }
    }

    private static Response read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        // skip interim answers (100 Continue)
        while (new String(all, 0, Math.min(all.length, 12), StandardCharsets.ISO_8859_1).matches("HTTP/1\\.1 1\\d\\d.*")) {
            int interim = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (interim < 0) {
                break;
            }
            all = java.util.Arrays.copyOfRange(all, interim + 4, all.length);
        }
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("no complete response head: " + new String(all, StandardCharsets.ISO_8859_1));
        }
        String[] head = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.computeIfAbsent(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(head[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            body = unchunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, pattern, 0);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
