package org.cdnbilling.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A billing run shared by two nodes, one of them killed with SIGKILL while the run's partitions are being
 * billed: the partitions the dead node held are billed by the survivor once their locks expire, every account's
 * hour is billed exactly once (one bill, one ledger entry, the balance charged once) and none is lost.
 */
@Tag("cluster")
class BillingNodeCrashTest {

    private static final int ACCOUNTS = 120;
    private static final String[] BILLING = {"--cdn.billing.schedule=0 0 0 1 1 ?",
            "--cdn.billing.accounts-per-partition=1", "--cdn.billing.partition-retry-cycle=R5/PT2S"};

    @Test
    void aNodeKilledMidRunLeavesEveryPeriodBilledExactlyOnce() throws Exception {
        ClusterDatabase database = new ClusterDatabase();
        try (Node survivor = Node.start("survivor", database.url, BILLING);
                Node victim = Node.start("victim", database.url, BILLING)) {
            survivor.awaitReady();
            victim.awaitReady();
            List<TestAccount> accounts = openedAccounts(survivor, database);
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
            StringBuilder samples = new StringBuilder();
            for (TestAccount account : accounts) {
                samples.append(samples.isEmpty() ? "" : ",").append("{\"ownerId\":").append(account.ownerId())
                        .append(",\"region\":\"CN\",\"start\":\"").append(hour).append("\",\"bytes\":")
                        .append(25L << 30).append(",\"peakBps\":1}");
            }
            assertThat(survivor.client().admin("POST", "/admin/usage", "{\"samples\":[" + samples + "]}", "demo",
                    "demo").status()).isEqualTo(200);

            HttpTestClient.Reply started = victim.client().admin("POST",
                    "/engine-rest/process-definition/key/cdn-billing-run/start", "{}", "demo", "demo");
            assertThat(started.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> database.count("select count(*) from bill where owner_id >= 700000") >= 5);
            victim.kill();
            long billedBeforeTheKill = database.count("select count(*) from bill where owner_id >= 700000");
            assertThat(billedBeforeTheKill).as("the run was still billing when the node died").isLessThan(ACCOUNTS);

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> database.count(
                    "select count(*) from act_ru_execution where proc_inst_id_ = ?", started.field("id")) == 0);
            for (TestAccount account : accounts) {
                assertThat(database.count("select count(*) from bill where owner_id = ?", account.ownerId()))
                        .as("bills of %d", account.ownerId()).isEqualTo(1);
                assertThat(database.count("select count(*) from ledger_entry where owner_id = ? and kind = 'BILL' "
                        + "and amount = -1.00", account.ownerId())).isEqualTo(1);
                assertThat(database.count("select count(*) from account where owner_id = ? and balance = 99.00",
                        account.ownerId())).isEqualTo(1);
            }
            assertThat(database.count("select count(*) from unbilled_usage where owner_id >= 700000")).isZero();
            assertThat(database.count("select count(*) from act_ru_incident")).isZero();
        }
    }

    /** Eligible accounts whose services opened a day ago (back-dated, as if they had been open since). */
    private static List<TestAccount> openedAccounts(Node node, ClusterDatabase database) throws Exception {
        List<TestAccount> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(Accounts.createEligibleAccount(node.client()));
        }
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpTestClient.Reply>> calls = new ArrayList<>();
            for (TestAccount account : accounts) {
                calls.add(callers.submit(() -> node.client().openCdnService(account, "PayByTraffic")));
            }
            for (Future<HttpTestClient.Reply> call : calls) {
                assertThat(call.get().status()).isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> database.count(
                "select count(*) from cdn_service where owner_id >= 700000") == ACCOUNTS);
        try (Connection connection = DriverManager.getConnection(database.url, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("update cdn_service set opened_at = opened_at - interval '1 day' "
                    + "where owner_id >= 700000");
            statement.executeUpdate("update charge_type_period set starts_at = starts_at - interval '1 day' "
                    + "where owner_id >= 700000");
        }
        return accounts;
    }
}
