package org.cdnbilling.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cdnbilling.order.Orders;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.AllAtOnce;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Many parallel OpenCdnService calls for one account: exactly one order, whoever wins. The user flow limit
 * is raised here so that all calls reach the database at once.
 */
@DemoApplicationTest
@TestPropertySource(properties = "cdn.gateway.calls-per-second.OpenCdnService=1000")
class ConcurrentActivationTest {

    private static final int CALLERS = 24;

    @LocalServerPort
    int port;

    @Autowired
    Orders orders;

    @Test
    void parallelCallsForOneAccountCreateExactlyOneOrder() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        for (int round = 0; round < 3; round++) {
            TestAccount account = Accounts.createEligibleAccount(client);
            long ownerId = account.ownerId();
            List<HttpTestClient.Reply> replies = AllAtOnce.run(CALLERS,
                    i -> () -> client.openCdnService(account, "PayByTraffic"));

            Map<String, Long> outcomes = replies.stream().collect(Collectors.groupingBy(
                    r -> r.status() + " " + r.json().getOrDefault("Code", "accepted"), Collectors.counting()));
            assertThat(outcomes).containsEntry("200 accepted", 1L)
                    .containsEntry("400 CdnService.HasOpened", (long) CALLERS - 1).hasSize(2);
            assertThat(orders.findByOwnerIdOrderByCreatedAtAsc(ownerId)).hasSize(1);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    orders.findByOwnerIdOrderByCreatedAtAsc(ownerId).get(0).status().name().equals("ACTIVATED"));
        }
    }
}
