package org.cdnbilling.overdue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.cdnbilling.support.BillingRuns;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The README's walk-through for demo account 1014 (balance 1.00, PayByTraffic), all through HTTP: usage worth
 * USD 4.00 is posted, a billing run bills it, the account is in debt; after the grace period (3 s here, a minute
 * in the demo) its service is suspended; a top-up settles the debt and the service comes back, as
 * DescribeUserCdnStatus, DescribeCdnService and the admin API show at each step.
 */
@DemoApplicationTest
@TestPropertySource(properties = {"cdn.billing.overdue-grace=PT3S", "cdn.billing.schedule=0 0 0 1 1 ?"})
class OverdueOverHttpTest {

    private static final TestAccount DEMO_1014 = TestAccount.demo(1014);
    private static final long GB = 1L << 30;

    @LocalServerPort
    int port;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @Test
    @SuppressWarnings("unchecked")
    void fromInDebtToSuspendedToRestored() {
        assertThat(status()).containsEntry("Enabled", true).containsEntry("OnService", true)
                .containsEntry("InDebt", false).containsEntry("InDebtOverdue", false);

        // 100 GB in CN two days ago: 100 x 0.04 = USD 4.00 against a balance of 1.00
        Instant hour = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        var posted = client.admin("POST", "/admin/usage", "{\"samples\":[{\"ownerId\":1014,\"region\":\"CN\",\"start\":\""
                + hour + "\",\"bytes\":" + 100 * GB + ",\"peakBps\":1000000}]}", "demo", "demo");
        assertThat(posted.status()).as(posted.raw().body()).isEqualTo(200);
        BillingRuns.run(client);

        assertThat(balance()).isEqualTo("-3.00");
        assertThat(status()).containsEntry("OnService", true).containsEntry("InDebt", true)
                .containsEntry("InDebtOverdue", false);
        assertThat(account().get("debt")).satisfies(debt -> assertThat((Map<String, Object>) debt)
                .containsEntry("state", "IN_GRACE"));

        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(status().get("OnService")));
        assertThat(status()).containsEntry("InDebt", true).containsEntry("InDebtOverdue", true);
        assertThat(locks()).containsExactly(Map.of("LockReason", "financial"));
        assertThat((Map<String, Object>) account().get("cdnService")).containsEntry("status", "SUSPENDED");
        assertThat((Map<String, Object>) account().get("debt")).containsEntry("state", "OVERDUE");

        var topUp = client.admin("POST", "/admin/accounts/1014/top-ups", "{\"amount\":\"10.00\",\"reference\":\"pay-1014\"}",
                "demo", "demo");
        assertThat(topUp.status()).as(topUp.raw().body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(status().get("OnService")));
        assertThat(status()).containsEntry("Enabled", true).containsEntry("InDebt", false)
                .containsEntry("InDebtOverdue", false);
        assertThat(locks()).isEmpty();
        assertThat(balance()).isEqualTo("7.00");
        assertThat((Map<String, Object>) account().get("debt")).containsEntry("state", "CLOSED")
                .containsEntry("closeReason", "RESUMED");
    }

    private Map<String, Object> status() {
        var reply = client.signedGet(DEMO_1014, "DescribeUserCdnStatus", Map.of());
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    @SuppressWarnings("unchecked")
    private List<Object> locks() {
        var reply = client.signedGet(DEMO_1014, "DescribeCdnService", Map.of());
        assertThat(reply.status()).isEqualTo(200);
        return (List<Object>) ((Map<String, Object>) reply.field("OperationLocks")).get("LockReason");
    }

    private Map<String, Object> account() {
        var reply = client.admin("GET", "/admin/accounts/1014", null, "demo", "demo");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    private String balance() {
        return new java.math.BigDecimal(account().get("balance").toString()).setScale(2).toPlainString();
    }
}
