package org.cdnbilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.HttpTestClient.RawReply;
import org.cdnbilling.support.HttpTestClient.StreamedReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code cdn.http.max-body-size} (2 MiB) for the admin API and the RPC API: a {@code Content-Length} above it is
 * refused with 413 before a byte of the body is sent, a chunked body when it passes the limit (the rest is never
 * sent: nothing waits for the body whole), each in the API's dialect; a batch of 10,000 bad samples answers the
 * first 100 problems and the count of the rest; and while a 24 MiB body streams in and such batches are refused,
 * everything else is answered as usual.
 */
@DemoApplicationTest
class RequestBodyLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LIMIT = 2L * 1024 * 1024;
    private static final long BODY_24_MB = 24L * 1024 * 1024;
    private static final String DEMO_LOGIN = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
    /** What fills the huge bodies after their start: white space, which JSON allows anywhere between tokens. */
    private static final String BLANKS = "    \n";

    @LocalServerPort
    int port;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @Test
    void aDeclaredLengthAboveTheLimitIsRefusedBeforeTheBodyIsSent() throws Exception {
        StreamedReply admin = client.rawStreamed("POST /admin/usage HTTP/1.1", false, "", BLANKS, BODY_24_MB, 0,
                DEMO_LOGIN, "Content-Type: application/json");
        assertAdminTooLarge(admin.reply());

        StreamedReply rpc = client.rawStreamed("POST /?Action=DescribeCdnService&Version=2018-05-10 HTTP/1.1", false,
                "", "a=b&", BODY_24_MB, 0, "Content-Type: application/x-www-form-urlencoded");
        assertRpcTooLarge(rpc.reply());

        // one byte over: the limit is exact
        StreamedReply justOver = client.rawStreamed("POST /admin/accounts/1010/top-ups HTTP/1.1", false, "", " ",
                LIMIT + 1, 0, DEMO_LOGIN, "Content-Type: application/json");
        assertAdminTooLarge(justOver.reply());
    }

    @Test
    void aChunkedBodyIsRefusedWhenItPassesTheLimitWithoutTheRestEverSent() throws Exception {
        long sent = LIMIT + 512 * 1024;
        StreamedReply usage = client.rawStreamed("POST /admin/usage HTTP/1.1", true, "{\"samples\":[", BLANKS,
                BODY_24_MB, sent, DEMO_LOGIN, "Content-Type: application/json");
        assertAdminTooLarge(usage.reply());

        // read by Spring MVC's JSON converter (a @RequestBody), not by a stream parser of our own
        StreamedReply topUp = client.rawStreamed("POST /admin/accounts/1010/top-ups HTTP/1.1", true,
                "{\"reference\":\"", "x", BODY_24_MB, sent, DEMO_LOGIN, "Content-Type: application/json");
        assertAdminTooLarge(topUp.reply());

        StreamedReply rpc = client.rawStreamed("POST /?Action=DescribeCdnService&Version=2018-05-10 HTTP/1.1", true,
                "", "a=b&", BODY_24_MB, sent, "Content-Type: application/x-www-form-urlencoded");
        assertRpcTooLarge(rpc.reply());
    }

    @Test
    void tenThousandBadSamplesAnswerTheFirstHundredProblemsAndTheCountOfTheRest() throws Exception {
        String batch = badBatch();
        // the documented batch of 10,000 samples, written roomily, fits the limit: it is read whole and judged
        assertThat((long) batch.getBytes(StandardCharsets.UTF_8).length).isBetween(1_000_000L, LIMIT);

        HttpTestClient.Reply reply = client.admin("POST", "/admin/usage", batch, "demo", "demo");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.raw().body().length()).isLessThan(16 * 1024);
        List<Map<String, Object>> errors = errors(reply.json().get("errors"));
        assertThat(errors).extracting(error -> error.get("index"))
                .containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
        assertThat(errors).extracting(error -> error.get("reason"))
                .containsOnly("region must be one of CN AP1 AP2 AP3 NA SA EU MEAA");
        assertThat(reply.json()).containsEntry("moreErrors", 10_000 - 100);
        assertThat((String) reply.json().get("detail")).startsWith("10000 problems in the batch's samples");
    }

    @Test
    void theNodeAnswersEverythingElseWhileHugeAndBadBodiesComeIn() throws Exception {
        String bad = badBatch();
        ExecutorService senders = Executors.newFixedThreadPool(10);
        try {
            everythingElseIsAnsweredWhile(bad, senders);
        } finally {
            senders.shutdownNow();
        }
    }

    private void everythingElseIsAnsweredWhile(String bad, ExecutorService senders) throws Exception {
        CompletableFuture<StreamedReply> huge = CompletableFuture.supplyAsync(() -> client.rawStreamed(
                "POST /admin/usage HTTP/1.1", true, "{\"samples\":[", BLANKS, BODY_24_MB, BODY_24_MB, DEMO_LOGIN,
                "Content-Type: application/json"), senders);
        CompletableFuture<StreamedReply> hugeRpc = CompletableFuture.supplyAsync(() -> client.rawStreamed(
                "POST /?Action=DescribeCdnService&Version=2018-05-10 HTTP/1.1", true, "", "a=b&", BODY_24_MB,
                BODY_24_MB, "Content-Type: application/x-www-form-urlencoded"), senders);
        // bodies that stay just under the limit and never end: each holds a request thread reading
        List<CompletableFuture<StreamedReply>> pending = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pending.add(CompletableFuture.supplyAsync(() -> client.rawStreamed("POST /admin/usage HTTP/1.1", true,
                    "{\"samples\":[", BLANKS, BODY_24_MB, LIMIT - 1024, DEMO_LOGIN,
                    "Content-Type: application/json"), senders));
        }
        List<CompletableFuture<HttpTestClient.Reply>> badBatches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            badBatches.add(CompletableFuture.supplyAsync(() -> client.admin("POST", "/admin/usage", bad, "demo",
                    "demo"), senders));
        }

        for (int round = 0; round < 5; round++) {
            long started = System.nanoTime();
            HttpTestClient.Reply service = client.signedGet(client.keyOf(1010), "DescribeCdnService", Map.of());
            HttpTestClient.Reply account = client.admin("GET", "/admin/accounts/1010", null, "demo", "demo");
            HttpTestClient.Reply health = client.send("GET", "/actuator/health", null);
            assertThat(service.status()).as(service.raw().body()).isEqualTo(200);
            assertThat(service.field("InternetChargeType")).isNotNull();
            assertThat(account.status()).as(account.raw().body()).isEqualTo(200);
            assertThat(health.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }

        StreamedReply refused = huge.get(60, TimeUnit.SECONDS);
        assertAdminTooLarge(refused.reply());
        assertThat(refused.written()).isLessThan(BODY_24_MB);
        StreamedReply refusedRpc = hugeRpc.get(60, TimeUnit.SECONDS);
        assertRpcTooLarge(refusedRpc.reply());
        for (CompletableFuture<HttpTestClient.Reply> batch : badBatches) {
            HttpTestClient.Reply reply = batch.get(60, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(errors(reply.json().get("errors"))).hasSize(100);
        }
        // the never-ending bodies are still being read (or their client gave up waiting): none was answered
        assertThat(pending).noneMatch(reply -> reply.isDone() && !reply.isCompletedExceptionally());
    }

    /** 10,000 samples of long values, a field a line and indented, each with an unknown region. */
    private static String badBatch() {
        StringBuilder batch = new StringBuilder("{\n  \"samples\": [\n");
        for (int i = 0; i < 10_000; i++) {
            batch.append("    {\n      \"ownerId\": 9007199254740993,\n      \"region\": \"XX\",\n")
                    .append("      \"start\": \"2026-12-01T05:05:00Z\",\n      \"bytes\": 70368744177664,\n")
                    .append("      \"peakBps\": 1000000000000000\n    }")
                    .append(i < 9_999 ? ",\n" : "\n");
        }
        return batch.append("  ]\n}\n").toString();
    }

    private static void assertAdminTooLarge(RawReply reply) throws Exception {
        assertThat(reply.status()).as(reply.head()).isEqualTo(413);
        assertThat(reply.head()).containsIgnoringCase("Content-Type: application/problem+json");
        Map<String, Object> problem = JSON.readValue(reply.body(), new TypeReference<Map<String, Object>>() { });
        assertThat(problem).containsEntry("status", 413).containsEntry("title", "Content Too Large")
                .containsEntry("detail", "A request body may carry at most 2097152 bytes (cdn.http.max-body-size)");
    }

    private static void assertRpcTooLarge(RawReply reply) throws Exception {
        assertThat(reply.status()).as(reply.head()).isEqualTo(413);
        assertThat(reply.head()).containsIgnoringCase("Content-Type: application/json;charset=utf-8");
        Map<String, Object> error = JSON.readValue(reply.body(), new TypeReference<Map<String, Object>>() { });
        assertThat(error).containsOnlyKeys("RequestId", "HostId", "Code", "Message", "Recommend")
                .containsEntry("Code", "RequestBodyTooLarge").containsEntry("Message", "Request body too Large")
                .containsEntry("HostId", "cdn.aliyuncs.com");
        assertThat(reply.head()).containsIgnoringCase("x-acs-request-id: " + error.get("RequestId"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> errors(Object errors) {
        return (List<Map<String, Object>>) errors;
    }
}
