package org.cdnbilling.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RuntimeService;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.chargetype.ChargeTypeChangeProcess;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Conflicts are not outages: racing and conflicting admin calls answer 409 problem details, racing
 * {@code ModifyCdnService} calls of one account 200 or a documented error, never 500 or 503. Each round
 * releases {@value #PARALLEL} calls at once (a latch); the flow limit of ModifyCdnService is raised so that
 * the calls reach the database instead of the throttle.
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
@TestPropertySource(properties = "cdn.gateway.calls-per-second.ModifyCdnService=10000")
class ConcurrentConflictsTest {

    private static final int PARALLEL = 20;
    private static final int ROUNDS = 5;

    @LocalServerPort
    int port;

    @Autowired
    CdnServiceInstances services;

    @Autowired
    RuntimeService runtime;

    HttpTestClient client;
    ExecutorService callers;

    @BeforeEach
    void setUp() {
        client = new HttpTestClient(port);
        callers = Executors.newFixedThreadPool(PARALLEL);
    }

    @AfterEach
    void tearDown() {
        callers.shutdownNow();
    }

    @Test
    void anOwnerAccountOfAnotherAccountIsA409() {
        long first = Accounts.freshOwnerId();
        long second = Accounts.freshOwnerId();
        String name = "taken-" + first + "@example.com";
        assertThat(put(first, name).status()).isEqualTo(201);

        var refused = put(second, name);

        assertProblem(refused, 409);
        assertThat((String) refused.field("detail")).contains("ownerAccount").contains(name);
        assertThat(client.admin("GET", "/admin/accounts/" + second, null, "demo", "demo").status()).isEqualTo(404);
        // the account that has it may keep it, and renaming frees it
        assertThat(put(first, name).status()).isEqualTo(200);
        assertThat(put(first, "renamed-" + first).status()).isEqualTo(200);
        assertThat(put(second, name).status()).isEqualTo(201);
    }

    @Test
    void racingCreatesOfOneNewAccountCreateItOnceAndAnswerNoError() {
        for (int round = 0; round < ROUNDS; round++) {
            long ownerId = Accounts.freshOwnerId();

            List<HttpTestClient.Reply> replies = together(i -> put(ownerId, "racer-" + ownerId));

            assertThat(statuses(replies)).as("round " + round).containsOnlyOnce(201).isSubsetOf(200, 201, 409);
            replies.stream().filter(reply -> reply.status() == 409).forEach(reply -> assertProblem(reply, 409));
            assertThat(put(ownerId, "racer-" + ownerId).status()).isEqualTo(200);
        }
    }

    @Test
    void racingCreatesOfNewAccountsWithOneOwnerAccountGiveItToOne() {
        for (int round = 0; round < ROUNDS; round++) {
            long[] ownerIds = new long[PARALLEL];
            Arrays.setAll(ownerIds, i -> Accounts.freshOwnerId());
            String name = "contested-" + ownerIds[0];

            List<HttpTestClient.Reply> replies = together(i -> put(ownerIds[i], name));

            assertThat(statuses(replies)).as("round " + round).containsOnlyOnce(201).isSubsetOf(201, 409);
            replies.stream().filter(reply -> reply.status() == 409).forEach(reply -> assertProblem(reply, 409));
        }
    }

    @Test
    void racingUpdatesOfOneAccountAnswerNoError() {
        for (int round = 0; round < ROUNDS; round++) {
            long ownerId = Accounts.freshOwnerId();
            assertThat(put(ownerId, null).status()).isEqualTo(201);

            // each request another profile (the balance is the ledger's: the same one is sent, as the account
            // centre does; another one is refused, AccountAdminApiTest)
            List<HttpTestClient.Reply> replies = together(i -> put(ownerId, "racer-" + ownerId + "-" + i));

            assertThat(statuses(replies)).as("round " + round).contains(200).isSubsetOf(200, 409);
            replies.stream().filter(reply -> reply.status() == 409).forEach(reply -> assertProblem(reply, 409));
        }
    }

    @Test
    void racingModifyCdnServiceCallsOfOneAccountAnswer200OrADocumentedError() {
        Set<String> documented = Arrays.stream(ErrorCode.values())
                .filter(code -> code != ErrorCode.SERVICE_UNAVAILABLE && code != ErrorCode.INTERNAL_ERROR)
                .map(ErrorCode::code).collect(Collectors.toSet());
        TestAccount account = Accounts.createEligibleAccount(client);
        assertThat(client.openCdnService(account, "PayByTraffic").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> services.existsByOwnerId(account.ownerId()));

        for (int round = 0; round < ROUNDS; round++) {
            List<HttpTestClient.Reply> replies = together(i -> client.signedGet(account, "ModifyCdnService",
                    Map.of("InternetChargeType", i % 2 == 0 ? "PayByBandwidth" : "PayByTraffic")));

            for (HttpTestClient.Reply reply : replies) {
                if (reply.status() != 200) {
                    assertThat(reply.json().get("Code")).as("round " + round + ": " + reply.raw().body())
                            .isIn(documented.toArray());
                }
            }
            assertThat(statuses(replies)).as("round " + round).contains(200);
        }
        // whichever call came last, at most one change process waits for the account
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(ChargeTypeChangeProcess.PROCESS_KEY)
                .processInstanceBusinessKey(Long.toString(account.ownerId())).count()).isLessThanOrEqualTo(1);
    }

    private HttpTestClient.Reply put(long ownerId, String ownerAccount) {
        String body = Accounts.eligibleAccountJson();
        if (ownerAccount != null) {
            body = body.replace("{", "{\"ownerAccount\":\"" + ownerAccount + "\",");
        }
        return client.admin("PUT", "/admin/accounts/" + ownerId, body, "demo", "demo");
    }

    /** {@value #PARALLEL} calls released at the same moment; their replies in call order. */
    private List<HttpTestClient.Reply> together(IntFunction<HttpTestClient.Reply> call) {
        CountDownLatch ready = new CountDownLatch(PARALLEL);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpTestClient.Reply>> futures = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            int index = i;
            futures.add(callers.submit(() -> {
                ready.countDown();
                go.await();
                return call.apply(index);
            }));
        }
        try {
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("all callers ready").isTrue();
            go.countDown();
            List<HttpTestClient.Reply> replies = new ArrayList<>();
            for (Future<HttpTestClient.Reply> future : futures) {
                replies.add(future.get(60, TimeUnit.SECONDS));
            }
            return replies;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Integer> statuses(List<HttpTestClient.Reply> replies) {
        return replies.stream().map(HttpTestClient.Reply::status).toList();
    }

    private static void assertProblem(HttpTestClient.Reply reply, int status) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json()).containsEntry("status", status).containsKey("detail");
    }
}
