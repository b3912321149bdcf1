package org.cdnbilling.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.cdnbilling.api.RpcAssertions;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The database going away answers ServiceUnavailable (503); when it returns, the service recovers by itself. */
@Tag("cluster")
class DatabaseOutageTest {

    @Test
    void answersServiceUnavailableWhileTheDatabaseIsGoneAndRecovers() throws Exception {
        ClusterDatabase database = new ClusterDatabase();
        String viaProxy;
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            viaProxy = database.url.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port);
            try (Node node = Node.start("outage", viaProxy).awaitReady()) {
                HttpTestClient client = node.client();
                TestAccount account = Accounts.createEligibleAccount(client);

                proxy.cut();
                HttpTestClient.Reply during = client.signedGet(account, "OpenCdnService",
                        Map.of("InternetChargeType", "PayByTraffic"));
                RpcAssertions.assertError(during, 503, "ServiceUnavailable",
                        "The request has failed due to a temporary failure of the server.");
                assertThat(database.count("select count(*) from cdn_order where owner_id = ?", account.ownerId()))
                        .isZero();

                proxy.restore();
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() ->
                        client.openCdnService(account, "PayByTraffic").status() == 200);
                await().atMost(Duration.ofMinutes(1)).until(() -> database.count(
                        "select count(*) from cdn_order where owner_id = ? and status = 'ACTIVATED'",
                        account.ownerId()) == 1);
            }
        }
    }
}
