package org.cdnbilling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The flow limit ({@code Throttling.User}) holds for the cluster, not per node: one user's calls sent to two
 * nodes on one PostgreSQL database pass only as often as the limit allows in all. The nodes refill the budget
 * (five OpenCdnService calls) once an hour instead of once a second, so how fast the calls arrive cannot
 * matter: exactly five pass, whichever node they reach.
 */
@Tag("cluster")
class ClusterFlowLimitTest {

    private static final int LIMIT = 5;
    private static final int CALLS = 16;

    @Test
    void oneUsersCallsToBothNodesShareOneBudget() throws Exception {
        ClusterDatabase database = new ClusterDatabase();
        try (Node a = Node.start("node-a", database.url, "--cdn.gateway.flow-limit-period=PT1H");
                Node b = Node.start("node-b", database.url, "--cdn.gateway.flow-limit-period=PT1H")) {
            a.awaitReady();
            b.awaitReady();
            TestAccount account = Accounts.createEligibleAccount(a.client());
            TestAccount other = Accounts.createEligibleAccount(b.client());

            List<HttpTestClient.Reply> replies = callInParallel(account, a.client(), b.client());

            List<Object> passed = replies.stream().map(r -> r.field("Code"))
                    .filter(code -> !"Throttling.User".equals(code)).toList();
            assertThat(passed).as("calls let through by both nodes together").hasSize(LIMIT);
            // the one accepted order, then calls that the service answers (already opened)
            assertThat(replies.stream().filter(r -> r.status() == 200)).hasSize(1);
            assertThat(database.count("select count(*) from cdn_order where owner_id = ?", account.ownerId()))
                    .isEqualTo(1);
            assertThat(a.client().openCdnService(other, "PayByTraffic").status()).as("another user").isEqualTo(200);
            assertThat(database.count("select count(*) from flow_limit_bucket")).as("one bucket per user and action")
                    .isEqualTo(2);
        }
    }

    /** The user's calls, half to each node, all started at once. */
    private static List<HttpTestClient.Reply> callInParallel(TestAccount account, HttpTestClient a, HttpTestClient b)
            throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpTestClient.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                HttpTestClient node = i % 2 == 0 ? a : b;
                calls.add(callers.submit(() -> {
                    start.await();
                    return node.openCdnService(account, "PayByTraffic");
                }));
            }
            start.countDown();
            List<HttpTestClient.Reply> replies = new ArrayList<>();
            for (Future<HttpTestClient.Reply> call : calls) {
                replies.add(call.get());
            }
            return replies;
        } finally {
            callers.shutdownNow();
        }
    }
}
