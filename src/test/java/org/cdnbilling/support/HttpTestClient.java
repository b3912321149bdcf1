package org.cdnbilling.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Calls the running application over HTTP, as a caller or an operator would. */
public class HttpTestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public HttpTestClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    /** A V1 call signed at the time of the given clock (the application's, when a test shifts it). */
    public Reply signedGetAt(java.time.Clock clock, TestAccount account, String action, Map<String, String> parameters) {
        Map<String, String> timed = new LinkedHashMap<>(parameters);
        timed.put("Timestamp", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return get(signedV1("GET", account, action, timed));
    }

    /** A response: status, headers and the JSON body as a map. */
    public record Reply(int status, HttpResponse<String> raw) {

        public Map<String, Object> json() {
            try {
                return JSON.readValue(raw.body(), new TypeReference<LinkedHashMap<String, Object>>() { });
            } catch (IOException e) {
                throw new UncheckedIOException("Not a JSON object: " + raw.body(), e);
            }
        }

        public Object field(String name) {
            return json().get(name);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private static final Map<String, TestAccount> ISSUED_KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code OpenCdnService} for an existing account, signed with a key issued for it on first use. */
    public Reply openCdnService(long ownerId, String chargeType) {
        return openCdnService(keyOf(ownerId), chargeType);
    }

    /** A key of an existing account: the demo pair of a demo account, else one issued through the admin API. */
    public TestAccount keyOf(long ownerId) {
        if (ownerId >= 1001 && ownerId <= 1015) {
            return TestAccount.demo(ownerId);
        }
        return ISSUED_KEYS.computeIfAbsent(baseUrl + "/" + ownerId, key -> {
            Reply issued = admin("POST", "/admin/accounts/" + ownerId + "/access-keys", null, "demo", "demo");
            if (issued.status() != 201) {
                throw new IllegalStateException("No key for " + ownerId + ": " + issued.raw().body());
            }
            return new TestAccount(ownerId, (String) issued.field("AccessKeyId"), (String) issued.field("AccessKeySecret"));
        });
    }

    /** {@code OpenCdnService} signed with the account's key (V1, GET). */
    public Reply openCdnService(TestAccount account, String chargeType) {
        return signedGet(account, "OpenCdnService", Map.of("InternetChargeType", chargeType));
    }

    /** {@code OpenCdnService} as a trusted gateway forwards it: unsigned, the account named by OwnerId. */
    public Reply openCdnServiceViaGateway(long ownerId, String chargeType) {
        return get(Map.of("Action", "OpenCdnService", "Version", "2018-05-10",
                "OwnerId", Long.toString(ownerId), "InternetChargeType", chargeType));
    }

    /** An action signed with V1 (HMAC-SHA1) over GET, a fresh nonce and the current time. */
    public Reply signedGet(TestAccount account, String action, Map<String, String> parameters) {
        return get(signedV1("GET", account, action, parameters));
    }

    /** The parameters of a V1-signed call, Signature included. */
    public static Map<String, String> signedV1(String method, TestAccount account, String action,
            Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Action", action);
        all.put("Version", "2018-05-10");
        all.put("Format", "JSON");
        all.put("AccessKeyId", account.accessKeyId());
        all.put("SignatureMethod", "HMAC-SHA1");
        all.put("SignatureVersion", "1.0");
        all.put("SignatureNonce", java.util.UUID.randomUUID().toString());
        all.put("Timestamp", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        all.putAll(parameters);
        all.remove("Signature");
        all.put("Signature", org.cdnbilling.gateway.RpcSignatureV1.sign(
                org.cdnbilling.gateway.RpcSignatureV1.stringToSign(method, all, false), account.accessKeySecret()));
        return all;
    }

    public Reply get(Map<String, String> parameters) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/?" + form(parameters))).GET());
    }

    public Reply postForm(Map<String, String> parameters) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters))));
    }

    public Reply send(String method, String pathAndQuery, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** How long {@link #raw} waits for the next bytes of a reply before it fails. */
    static final Duration RAW_READ_TIMEOUT = Duration.ofSeconds(30);

    /**
     * A request written byte for byte on a socket, for what {@link java.net.URI} would refuse to send; the
     * reply is read to its end as HTTP/1.1 defines it (Content-Length, the last chunk, or the server closing
     * the connection). A server that stays silent for {@link #RAW_READ_TIMEOUT} before that end fails the call.
     */
    public RawReply raw(String requestLine, String... headerLines) {
        java.net.URI base = java.net.URI.create(baseUrl);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) RAW_READ_TIMEOUT.toMillis());
            String request = requestLine + "\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nConnection: close\r\n" + String.join("", java.util.Arrays.stream(headerLines)
                            .map(line -> line + "\r\n").toList()) + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return readReply(socket.getInputStream(), requestLine.startsWith("HEAD "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A request whose body is written by a thread of its own while the reply is read on this one, as a client that
     * streams a large body sees it: the server may answer before it has the body whole. The body is {@code length}
     * bytes of {@code filler} (repeated), after {@code start}; chunked (64 KiB chunks) when {@code chunked}, else as
     * {@code Content-Length: length}. The writer stops after {@code stopAfter} bytes of the body (never sending the
     * rest, so a server that waits for it never answers) or when the server stops reading. {@code written} is what
     * the writer had sent when the reply came.
     */
    public StreamedReply rawStreamed(String requestLine, boolean chunked, String start, String filler, long length,
            long stopAfter, String... headerLines) {
        java.net.URI base = java.net.URI.create(baseUrl);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) RAW_READ_TIMEOUT.toMillis());
            String head = requestLine + "\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nConnection: close\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n")
                    + String.join("", java.util.Arrays.stream(headerLines).map(line -> line + "\r\n").toList())
                    + "\r\n";
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
            Thread writer = new Thread(() -> writeBody(out, chunked, start, filler, length, stopAfter, written),
                    "raw-body-writer");
            writer.setDaemon(true);
            writer.start();
            RawReply reply = readReply(socket.getInputStream(), false);
            long sentWhenAnswered = written.get();
            writer.interrupt();
            return new StreamedReply(reply, sentWhenAnswered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBody(java.io.OutputStream out, boolean chunked, String start, String filler, long length,
            long stopAfter, java.util.concurrent.atomic.AtomicLong written) {
        byte[] first = start.getBytes(StandardCharsets.UTF_8);
        byte[] unit = filler.getBytes(StandardCharsets.UTF_8);
        byte[] chunk = new byte[64 * 1024];
        long limit = Math.min(length, stopAfter);
        try {
            long sent = 0;
            while (sent < limit && !Thread.currentThread().isInterrupted()) {
                int n = (int) Math.min(chunk.length, limit - sent);
                for (int i = 0; i < n; i++) {
                    long at = sent + i;
                    chunk[i] = at < first.length ? first[(int) at] : unit[(int) ((at - first.length) % unit.length)];
                }
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write(chunk, 0, n);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                sent += n;
                written.set(sent);
            }
            if (sent == length && chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
        } catch (IOException e) {
            // the server answered and closed the connection: it takes no more of the body
        }
    }

    /** A reply to {@link #rawStreamed} and how many body bytes had been written when it came. */
    public record StreamedReply(RawReply reply, long written) {
    }

    /**
     * One HTTP/1.1 reply (interim 1xx replies skipped): the header block, then a body of Content-Length bytes,
     * the decoded chunks up to the last one, or everything until the server closes the connection. An end of
     * stream before the reply is complete is an error, and so is a read timeout of the stream.
     */
    static RawReply readReply(java.io.InputStream stream, boolean headRequest) throws IOException {
        java.io.InputStream in = new java.io.BufferedInputStream(stream);
        String head;
        int status;
        do {
            head = readHead(in);
            if (!head.matches("HTTP/1\\.[01] \\d{3}( .*)?(\\r\\n[\\s\\S]*)?")) {
                throw new IOException("Not an HTTP reply: " + head);
            }
            status = Integer.parseInt(head.substring(9, 12));
        } while (status / 100 == 1);
        byte[] body;
        String chunked = headerValue(head, "Transfer-Encoding");
        String length = headerValue(head, "Content-Length");
        if (headRequest || status == 204 || status == 304) {
            body = new byte[0];
        } else if (chunked != null && chunked.toLowerCase(java.util.Locale.ROOT).endsWith("chunked")) {
            body = readChunks(in);
        } else if (length != null) {
            body = readExactly(in, Integer.parseInt(length.trim()));
        } else {
            body = in.readAllBytes();
        }
        return new RawReply(status, head, new String(body, StandardCharsets.UTF_8));
    }

    /** The status line and header lines, without the empty line that ends them. */
    private static String readHead(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("Connection closed within the reply's header: " + head);
            }
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                return new String(bytes, 0, n - 4, StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static String headerValue(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static byte[] readChunks(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int extension = sizeLine.indexOf(';');
            int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailer fields, not needed
                }
                return body.toByteArray();
            }
            body.write(readExactly(in, size));
            if (!readLine(in).isEmpty()) {
                throw new IOException("Chunk not followed by CRLF");
            }
        }
    }

    private static String readLine(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("Connection closed within a chunked body");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    private static byte[] readExactly(java.io.InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new java.io.EOFException("Connection closed after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** A raw response: status, header block (status line and header lines) and body (chunks decoded). */
    public record RawReply(int status, String head, String body) {
    }

    /** An admin API call with HTTP Basic credentials (none if user is null). */
    public Reply admin(String method, String path, String jsonBody, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
