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

    /** {@code OpenCdnService} for an account, as a trusted gateway forwards it (GET, query parameters). */
    public Reply openCdnService(long ownerId, String chargeType) {
        return get(Map.of("Action", "OpenCdnService", "Version", "2018-05-10",
                "OwnerId", Long.toString(ownerId), "InternetChargeType", chargeType));
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
