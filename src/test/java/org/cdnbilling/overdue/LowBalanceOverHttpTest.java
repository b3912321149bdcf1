package org.cdnbilling.overdue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.BillingRuns;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.PrometheusScrape;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Alibaba's low-balance alert for hourly billing: seven hourly bills of USD 0.40 (10 GB in CN each) make the next
 * three hours cost 1.20; an account left with 0.20 is flagged in the admin API and counted in Prometheus, one left
 * with 7.20 is not. The overdue gauges count nothing while no one is in debt.
 */
@DemoApplicationTest
@Import(ShiftableClock.Configuration.class)
class LowBalanceOverHttpTest {

    @LocalServerPort
    int port;

    @Autowired
    ShiftableClock clock;

    @Autowired
    CdnServiceInstances services;

    @Test
    void anAccountWhoseBalanceWillNotCoverItsNextThreeHoursIsFlaggedAndCounted() {
        HttpTestClient client = new HttpTestClient(port);
        long low = open(client, "3.00");
        long fine = open(client, "10.00");
        Instant first = services.findByOwnerId(fine).orElseThrow().openedAt().truncatedTo(ChronoUnit.HOURS)
                .plus(1, ChronoUnit.HOURS);
        clock.shift(Duration.between(clock.instant(), first.plus(9, ChronoUnit.HOURS)));
        List<String> samples = new ArrayList<>();
        for (long ownerId : List.of(low, fine)) {
            for (int hour = 0; hour < 7; hour++) {
                samples.add("{\"ownerId\":" + ownerId + ",\"region\":\"CN\",\"start\":\""
                        + first.plus(hour, ChronoUnit.HOURS) + "\",\"bytes\":" + (10L << 30) + ",\"peakBps\":1}");
            }
        }
        assertThat(client.admin("POST", "/admin/usage", "{\"samples\":[" + String.join(",", samples) + "]}", "demo",
                "demo").status()).isEqualTo(200);
        BillingRuns.run(client);

        assertThat(account(client, low)).containsEntry("balance", 0.2).containsEntry("lowBalance", true);
        assertThat(account(client, fine)).containsEntry("balance", 7.2).containsEntry("lowBalance", false);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusScrape metrics = PrometheusScrape.of(client);
            assertThat(metrics.value("cdn_accounts_low_balance")).isEqualTo(1.0);
            assertThat(metrics.value("cdn_accounts_in_debt")).isZero();
            assertThat(metrics.value("cdn_accounts_overdue")).isZero();
            assertThat(metrics.value("cdn_services_suspended")).isZero();
            assertThat(metrics.value("cdn_overdue_incidents")).isZero();
        });
    }

    private long open(HttpTestClient client, String balance) {
        TestAccount account = Accounts.createAccount(client, """
                {"realNameVerified":true,"profileComplete":true,"site":"domestic","intlAllowed":false,
                 "bidUser":false,"payMethodValid":true,"balance":%s}""".formatted(balance));
        assertThat(client.signedGetAt(clock, account, "OpenCdnService", Map.of("InternetChargeType", "PayByTraffic"))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> services.existsByOwnerId(account.ownerId()));
        return account.ownerId();
    }

    private static Map<String, Object> account(HttpTestClient client, long ownerId) {
        var reply = client.admin("GET", "/admin/accounts/" + ownerId, null, "demo", "demo");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }
}
