package org.cdnbilling.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two application processes on one PostgreSQL database: concurrent activations sent to both open each
 * account exactly once, both job executors share the asynchronous work, demo seeding happens once, and a
 * nonce used on one node is refused on the other.
 */
@Tag("cluster")
class TwoNodesTest {

    private static final int ACCOUNTS = 30;
    private static final int CALLS_PER_ACCOUNT = 4;

    @Test
    void twoNodesShareTheWorkAndTheGuarantees() throws Exception {
        ClusterDatabase database = new ClusterDatabase();
        try (Node a = Node.start("node-a", database.url); Node b = Node.start("node-b", database.url)) {
            a.awaitReady();
            b.awaitReady();

            assertThat(database.count("select count(*) from account where owner_id between 1001 and 1015")).isEqualTo(15);
            assertThat(database.count("select count(*) from access_key where access_key_id like 'demo-ak-%'")).isEqualTo(15);
            assertThat(database.count("select count(*) from ledger_entry where owner_id between 1001 and 1015 "
                    + "and kind = 'OPENING_BALANCE'")).isEqualTo(15);
            // 1015's week of usage in CN and EU, seeded once
            assertThat(database.count("select count(*) from usage_sample where owner_id = 1015")).isEqualTo(2 * 2016);
            assertThat(database.count("select count(*) from act_re_procdef where key_ = 'cdn-activation'")).isEqualTo(1);

            List<TestAccount> accounts = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts.add(Accounts.createEligibleAccount(i % 2 == 0 ? a.client() : b.client()));
            }
            List<HttpTestClient.Reply> replies = callEveryAccountOnBothNodes(accounts, a, b);

            for (TestAccount account : accounts) {
                assertThat(database.count("select count(*) from cdn_order where owner_id = ?", account.ownerId()))
                        .as("orders of %d", account.ownerId()).isEqualTo(1);
            }
            assertThat(replies.stream().filter(r -> r.status() == 200).count()).isEqualTo(ACCOUNTS);
            assertThat(replies.stream().filter(r -> r.status() != 200).map(r -> r.json().get("Code")).distinct())
                    .containsOnly("CdnService.HasOpened");

            await().atMost(Duration.ofSeconds(90)).until(() -> database.count(
                    "select count(*) from cdn_order where status = 'ACTIVATED' and owner_id >= 700000") == ACCOUNTS);
            assertThat(database.count("select count(*) from cdn_service where owner_id >= 700000")).isEqualTo(ACCOUNTS);
            assertThat(database.strings("select distinct hostname_ from act_hi_job_log where job_state_ = 2"))
                    .as("nodes that completed activation jobs").containsExactlyInAnyOrder("node-a", "node-b");

            Map<String, String> signed = HttpTestClient.signedV1("GET", TestAccount.demo(1002), "DescribeCdnService",
                    Map.of());
            assertThat(a.client().get(signed).field("Code")).isEqualTo("OperationDenied");
            assertThat(b.client().get(signed).field("Code")).isEqualTo("SignatureNonceUsed");
        }
    }

    private static List<HttpTestClient.Reply> callEveryAccountOnBothNodes(List<TestAccount> accounts, Node a, Node b)
            throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpTestClient.Reply>> calls = new ArrayList<>();
            for (int call = 0; call < CALLS_PER_ACCOUNT; call++) {
                for (int i = 0; i < accounts.size(); i++) {
                    TestAccount account = accounts.get(i);
                    // the first call of every other account goes to each node, so both nodes accept orders
                    HttpTestClient node = (call + i) % 2 == 0 ? a.client() : b.client();
                    calls.add(callers.submit(() -> node.openCdnService(account, "PayByTraffic")));
                }
            }
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
