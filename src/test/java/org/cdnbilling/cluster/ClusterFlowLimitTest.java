package org.cdnbilling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.AllAtOnce;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The flow limit ({@code Throttling.User}) holds for the cluster, not per node: one user's calls sent to two
 * nodes on one PostgreSQL database pass only as often as the limit allows in all. The nodes refill the budget
 * (five OpenCdnService calls) once an hour instead of once a second, so how fast the calls arrive cannot
 * matter: exactly five pass, whichever node they reach. The login throttle's budget is one for the cluster too.
 */
@Tag("cluster")
class ClusterFlowLimitTest {

    private static final int LIMIT = 5;
    private static final int CALLS = 16;

    @Test
    void oneUsersCallsToBothNodesShareOneBudget() throws Exception {
        ClusterDatabase database = new ClusterDatabase();
        String[] settings = {"--cdn.gateway.flow-limit-period=PT1H", "--cdn.security.login-throttle.failures=3",
            "--cdn.security.login-throttle.refill-every=PT1H"};
        try (Node a = Node.start("node-a", database.url, settings);
                Node b = Node.start("node-b", database.url, settings)) {
            a.awaitReady();
            b.awaitReady();
            TestAccount account = Accounts.createEligibleAccount(a.client());
            TestAccount other = Accounts.createEligibleAccount(b.client());

            // the user's calls, half to each node, all started at once
            HttpTestClient first = a.client();
            HttpTestClient second = b.client();
            List<HttpTestClient.Reply> replies = AllAtOnce.run(CALLS,
                    i -> () -> (i % 2 == 0 ? first : second).openCdnService(account, "PayByTraffic"));

            List<Object> passed = replies.stream().map(r -> r.field("Code"))
                    .filter(code -> !"Throttling.User".equals(code)).toList();
            assertThat(passed).as("calls let through by both nodes together").hasSize(LIMIT);
            // the one accepted order, then calls that the service answers (already opened)
            assertThat(replies.stream().filter(r -> r.status() == 200)).hasSize(1);
            assertThat(database.count("select count(*) from cdn_order where owner_id = ?", account.ownerId()))
                    .isEqualTo(1);
            assertThat(a.client().openCdnService(other, "PayByTraffic").status()).as("another user").isEqualTo(200);
            assertThat(database.count("select count(*) from flow_limit_window")).as("one window per user and action")
                    .isEqualTo(2);
            assertThat(database.count("select count(*) from flow_limit_bucket where id not like 'login:%'"))
                    .as("the RPC API's limits keep no Bucket4j bucket").isZero();

            // the login throttle too: wrong passwords sent to both nodes spend one budget (three failures here),
            // so the fourth try from the address is refused whichever node it reaches, even with the right password
            List<Integer> logins = List.of(
                    a.client().admin("GET", "/admin/accounts/1001", null, "demo", "guess-1").status(),
                    b.client().admin("GET", "/admin/accounts/1001", null, "demo", "guess-2").status(),
                    a.client().admin("GET", "/admin/accounts/1001", null, "demo", "guess-3").status(),
                    b.client().admin("GET", "/admin/accounts/1001", null, "demo", "demo").status(),
                    a.client().admin("GET", "/admin/accounts/1001", null, "demo", "demo").status());
            assertThat(logins).containsExactly(401, 401, 401, 429, 429);
            assertThat(database.count("select count(*) from flow_limit_bucket where id like 'login:%'")).isOne();
        }
    }
}
