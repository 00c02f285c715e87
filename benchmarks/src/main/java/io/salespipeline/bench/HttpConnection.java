package io.salespipeline.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One persistent HTTP/1.1 connection, used by one load-generating client at a time, the way a load tool
 * such as wrk keeps one connection per client. Blocking and minimal so that the generator spends as little
 * of the machine's CPU as possible on itself: no extra threads, no selector hand-offs.
 */
final class HttpConnection implements Closeable {

    private final String host;
    private final int port;
    private final String authorization;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    record Response(int status, Map<String, String> headers, String body) {
    }

    Response get(String path) throws IOException {
        return exchange("GET", path, null);
    }

    Response post(String path, String json) throws IOException {
        return exchange("POST", path, json);
    }

    Response exchange(String method, String path, String json) throws IOException {
        try {
            return exchangeOnce(method, path, json);
        } catch (IOException e) {
            // a kept-alive connection the server closed meanwhile: one fresh attempt
            close();
            return exchangeOnce(method, path, json);
        }
    }

    private Response exchangeOnce(String method, String path, String json) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
        byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Accept: application/json\r\n");
        if (authorization != null) {
            request.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        request.append("\r\n");
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();

        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("connection closed");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        byte[] content;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            while (true) {
                String size = readLine();
                int length = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (length == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                chunks.write(in.readNBytes(length));
                readLine();
            }
            content = chunks.toByteArray();
        } else if (headers.containsKey("content-length")) {
            content = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            content = in.readAllBytes();
            close();
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            close();
        }
        return new Response(status, headers, new String(content, StandardCharsets.UTF_8));
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
    }
}
