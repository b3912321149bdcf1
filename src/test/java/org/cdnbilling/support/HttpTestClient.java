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
        if (ownerId >= 1001 && ownerId <= 1012) {
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

    /**
     * A request written byte for byte on a socket, for what {@link java.net.URI} would refuse to send; the
     * reply's status and body are parsed from the raw response.
     */
    public RawReply raw(String requestLine, String... headerLines) {
        java.net.URI base = java.net.URI.create(baseUrl);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            String request = requestLine + "\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nConnection: close\r\n" + String.join("", java.util.Arrays.stream(headerLines)
                            .map(line -> line + "\r\n").toList()) + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(readUntilQuiet(socket), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            return new RawReply(status, head, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the server sends until it closes the connection or falls silent for two seconds. */
    private static byte[] readUntilQuiet(java.net.Socket socket) throws IOException {
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        socket.setSoTimeout(2_000);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                int read = socket.getInputStream().read(buffer);
                if (read < 0) {
                    break;
                }
                received.write(buffer, 0, read);
            } catch (java.net.SocketTimeoutException e) {
                if (received.size() > 0) {
                    break;
                }
            }
        }
        return received.toByteArray();
    }

    /** A raw response: status, header block, body (chunked bodies are left as sent). */
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
