package org.cdnbilling.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.cdnbilling.api.RpcAssertions;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A spent budget is refilled after the flow-limit period, measured on the application's clock (in memory on H2,
 * in the bucket rows on PostgreSQL). The period is an hour, and the clock is moved instead of waited on.
 */
@DemoApplicationTest
@Import(ShiftableClock.Configuration.class)
@TestPropertySource(properties = {"cdn.gateway.calls-per-second.DescribeCdnService=2",
        "cdn.gateway.flow-limit-period=PT1H"})
class FlowLimitRefillTest {

    @LocalServerPort
    int port;

    @Autowired
    ShiftableClock clock;

    @Test
    void aSpentBudgetIsRefilledAfterThePeriodAndNotBefore() {
        HttpTestClient client = new HttpTestClient(port);
        TestAccount account = Accounts.createEligibleAccount(client);

        assertThat(describe(client, account)).isEqualTo("OperationDenied");
        assertThat(describe(client, account)).isEqualTo("OperationDenied");
        assertThat(describe(client, account)).isEqualTo("Throttling.User");

        clock.shift(Duration.ofMinutes(59));
        assertThat(describe(client, account)).as("before the period is over").isEqualTo("Throttling.User");

        clock.shift(Duration.ofMinutes(2));
        assertThat(describe(client, account)).isEqualTo("OperationDenied");
        assertThat(describe(client, account)).isEqualTo("OperationDenied");
        RpcAssertions.assertError(client.signedGetAt(clock, account, "DescribeCdnService", Map.of()), 400,
                "Throttling.User", "Request was denied due to user flow control.");
    }

    /** The code a DescribeCdnService call is answered with (the account never ordered: OperationDenied). */
    private String describe(HttpTestClient client, TestAccount account) {
        return (String) client.signedGetAt(clock, account, "DescribeCdnService", Map.of()).field("Code");
    }
}
