package org.cdnbilling.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.cdnbilling.CdnBillingApplication;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Arbitrary actions, parameters, encodings, lengths and methods, signed and unsigned, against the running
 * application: never a 5xx, always JSON with a documented code, and a refused call changes no order,
 * service, account, key or running process.
 */
class HostileInputPropertyTest {

    private static final Set<String> DOCUMENTED_CODES =
            Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());
    private static final List<String> STATE = List.of("cdn_order", "cdn_service", "account", "access_key",
            "act_ru_execution", "act_ru_job", "act_ru_variable");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ConfigurableApplicationContext application;
    private static int port;
    private static JdbcTemplate jdbc;

    @BeforeContainer
    static void start() {
        application = new SpringApplicationBuilder(CdnBillingApplication.class)
                .profiles("demo", "test")
                .properties("server.port=0", "camunda.bpm.process-engine-name=hostile",
                        "camunda.bpm.job-execution.enabled=false",
                        "cdn.gateway.calls-per-second.OpenCdnService=100000",
                        "cdn.gateway.calls-per-second.DescribeCdnService=100000",
                        "cdn.gateway.calls-per-second.ModifyCdnService=100000")
                .run();
        port = ((WebServerApplicationContext) application).getWebServer().getPort();
        jdbc = application.getBean(JdbcTemplate.class);
    }

    @AfterContainer
    static void stop() {
        application.close();
    }

    record Attempt(String method, String action, Map<String, String> parameters, boolean inBody, int signing,
            String contentType) {
    }

    @Provide
    Arbitrary<Attempt> attempts() {
        Arbitrary<String> methods = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
        Arbitrary<String> actions = Arbitraries.oneOf(
                Arbitraries.of("OpenCdnService", "DescribeCdnService", "ModifyCdnService", "", "openCdnService"),
                Arbitraries.strings().ofMaxLength(40));
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("InternetChargeType", "OwnerId", "OwnerAccount", "Version", "Format", "RegionId",
                        "AccessKeyId", "Signature", "SignatureNonce", "Timestamp", "SignatureMethod", "Action"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(30));
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("PayByTraffic", "PayByBandwidth", "", "1001", "-1", "99999999999999999999",
                        "2018-05-10", "%", "&=&", "+ +", "'; drop table account; --", "\u0000", "é中文🙂"),
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1000).ofMaxLength(3000));
        Arbitrary<Map<String, String>> parameters = Arbitraries.maps(names, values).ofMaxSize(8);
        Arbitrary<String> contentTypes = Arbitraries.of("application/x-www-form-urlencoded", "application/json",
                "text/plain", "application/x-www-form-urlencoded; charset=ISO-8859-1", "");
        return Combinators.combine(methods, actions, parameters, Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 2), contentTypes).as(Attempt::new);
    }

    @Property(tries = 300)
    void neverA5xxAlwaysADocumentedCodeAndNothingKeptWhenRefused(@ForAll("attempts") Attempt attempt)
            throws Exception {
        Map<String, Long> before = counts();

        HttpResponse<String> response = send(attempt);

        assertThat(response.statusCode()).as(describe(attempt, response)).isLessThan(500);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as(describe(attempt, response)).isEqualTo("application/json;charset=utf-8");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = JSON.readValue(response.body(), Map.class);
        assertThat(body).containsKey("RequestId");
        if (response.statusCode() != 200) {
            assertThat(DOCUMENTED_CODES).as(describe(attempt, response)).contains((String) body.get("Code"));
            assertThat(counts()).as("state after a refused call: " + describe(attempt, response)).isEqualTo(before);
        }
    }

    private HttpResponse<String> send(Attempt attempt) throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Action", attempt.action());
        parameters.put("Version", "2018-05-10");
        parameters.putAll(attempt.parameters());
        if (attempt.signing() == 1) {
            // validly signed by a demo key: the gateway passes, the action must cope
            parameters.remove("Signature");
            parameters.remove("Timestamp");
            parameters.remove("SignatureNonce");
            parameters.remove("SignatureMethod");
            parameters.remove("AccessKeyId");
            String action = parameters.remove("Action");
            parameters.remove("Version");
            String method = attempt.inBody() && attempt.method().equals("POST") ? "POST" : "GET";
            parameters = HttpTestClient.signedV1(method, TestAccount.demo(1003), action, parameters);
        }
        String form = parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        boolean body = attempt.inBody() && !attempt.method().equals("GET");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"
                        + (body ? "" : "?" + form)))
                .timeout(Duration.ofSeconds(30))
                .method(attempt.method(), body ? HttpRequest.BodyPublishers.ofString(form)
                        : HttpRequest.BodyPublishers.noBody());
        if (body && !attempt.contentType().isEmpty()) {
            request.header("Content-Type", attempt.contentType());
        }
        if (attempt.signing() == 2) {
            request.header("Authorization", "ACS3-HMAC-SHA256 Credential=demo-ak-1001,SignedHeaders=x-acs-date,"
                    + "Signature=" + "0".repeat(64));
            // header values must be printable ASCII for the HTTP client to send them at all
            request.header("x-acs-action", attempt.action().matches("[!-~]+") ? attempt.action() : "OpenCdnService");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : STATE) {
            counts.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class));
        }
        return counts;
    }

    private static String describe(Attempt attempt, HttpResponse<String> response) {
        return attempt + " -> " + response.statusCode() + " " + response.body();
    }
}
