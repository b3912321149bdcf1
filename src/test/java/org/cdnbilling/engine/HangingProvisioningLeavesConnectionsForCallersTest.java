package org.cdnbilling.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.provisioning.TimeLimitedProvisioning;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.HttpTestClient.Reply;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A provisioning backend that hangs for more accounts than the pool has connections, with the job executor and
 * the provisioning bulkhead sized far above the pool: jobs waiting on the backend hold at most the pool less
 * {@code cdn.engine.connections-reserved-for-callers} connections, so {@code OpenCdnService} callers of other
 * accounts are answered as usual, never with {@code ServiceUnavailable} (which a caller gets after Hikari's
 * connection timeout when jobs hold every connection).
 */
@DemoApplicationTest
@TestPropertySource(properties = {
        "spring.datasource.hikari.maximum-pool-size=4",
        "spring.datasource.hikari.connection-timeout=3000",
        "camunda.bpm.job-execution.core-pool-size=10",
        "camunda.bpm.job-execution.max-pool-size=10",
        "cdn.provisioning.max-concurrent-calls=20",
        // longer than the whole test, shorter than the job lock (60 s)
        "cdn.provisioning.timeout=40s",
        "cdn.demo.faults.provisioning-hangs=1990111,1990112,1990113,1990114,1990115,1990116"})
class HangingProvisioningLeavesConnectionsForCallersTest {

    private static final List<Long> HANGING = List.of(1_990_111L, 1_990_112L, 1_990_113L, 1_990_114L, 1_990_115L,
            1_990_116L);
    private static final int POOL_SIZE = 4;
    private static final int RESERVED_FOR_CALLERS = 2;

    /** The answers a caller may get: accepted, or a documented business code (never a server error). */
    private static final Set<String> BUSINESS_CODES = EnumSet.complementOf(
            EnumSet.of(ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.INTERNAL_ERROR)).stream()
            .map(ErrorCode::code).collect(Collectors.toSet());

    @LocalServerPort
    int port;

    @Autowired
    TimeLimitedProvisioning provisioning;

    @AfterEach
    void abandonHangingCalls() {
        // interrupts the hanging calls, so their jobs end and the application stops without waiting for them
        provisioning.destroy();
    }

    @Test
    void callersAreAnsweredWhileJobsWaitOnAHangingBackend() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        List<TestAccount> callers = IntStream.range(0, 8).mapToObj(i -> Accounts.createEligibleAccount(client))
                .toList();
        for (long ownerId : HANGING) {
            assertThat(client.admin("PUT", "/admin/accounts/" + ownerId, Accounts.eligibleAccountJson(), "demo",
                    "demo").status()).isEqualTo(201);
            client.keyOf(ownerId);
        }

        List<Reply> replies = new ArrayList<>();
        for (long ownerId : HANGING) {
            replies.add(client.openCdnService(ownerId, "PayByTraffic"));
        }
        // the jobs of the hanging accounts now wait on the backend, each with its transaction's connection
        await().atMost(Duration.ofSeconds(60)).until(() -> hangingCalls() >= POOL_SIZE - RESERVED_FOR_CALLERS);

        ExecutorService parallel = Executors.newFixedThreadPool(4);
        try {
            List<Future<Reply>> calls = new ArrayList<>();
            for (TestAccount caller : callers) {
                // twice each: the second of two concurrent calls gets a business code or is accepted first
                calls.add(parallel.submit(() -> client.openCdnService(caller, "PayByTraffic")));
                calls.add(parallel.submit(() -> client.openCdnService(caller, "PayByTraffic")));
            }
            for (Future<Reply> call : calls) {
                replies.add(call.get());
            }
        } finally {
            parallel.shutdownNow();
        }

        assertThat(hangingCalls()).as("provisioning calls still hanging when the last caller was answered")
                .isPositive();
        List<String> outcomes = replies.stream()
                .map(reply -> reply.status() == 200 ? "accepted" : reply.status() + " " + reply.field("Code"))
                .toList();
        assertThat(outcomes).as("answers other than accepted or a business code").filteredOn(
                outcome -> !outcome.equals("accepted") && !BUSINESS_CODES.contains(outcome.substring(4))).isEmpty();
        assertThat(outcomes).as("accepted calls: one per account").filteredOn("accepted"::equals)
                .hasSize(HANGING.size() + callers.size());
    }

    /** Provisioning calls that wait in the test profile's hanging backend. */
    private static long hangingCalls() {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> Arrays.stream(stack)
                        .anyMatch(frame -> frame.getMethodName().equals("hangUntilAbandoned")))
                .count();
    }
}
