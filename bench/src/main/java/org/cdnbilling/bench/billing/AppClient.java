package org.cdnbilling.bench.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import org.cdnbilling.bench.Signer;

/** The running application over HTTP: the admin API with the operator's login, and signed RPC calls. */
final class AppClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Reply(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body.isEmpty() ? "{}" : body);
        }
    }

    private final HttpClient http;
    private final String base;
    private final String adminAuth;

    AppClient(String base, String user, String password) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newCachedThreadPool(runnable -> {
                    Thread thread = new Thread(runnable);
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();
        this.base = base;
        this.adminAuth = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An admin call that must succeed (2xx); its JSON answer. */
    JsonNode admin(String method, String path, String json) throws IOException, InterruptedException {
        Reply reply = adminReply(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        if (reply.status() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + reply.status() + " " + reply.body());
        }
        return reply.json();
    }

    Reply adminReply(String method, String path, byte[] json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", adminAuth).timeout(Duration.ofMinutes(5))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    /** A signed (V1) RPC GET as Alibaba's SDKs send it. */
    Reply signed(String accessKeyId, String secret, String action, Map<String, String> parameters)
            throws IOException, InterruptedException {
        String query = Signer.signedQuery(accessKeyId, secret, action, parameters);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/?" + query))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }
}
