package org.cdnbilling.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.PostgresTestDatabases;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * On PostgreSQL a user's flow-limit bucket is a row that expires once the budget is full again (here with no
 * retention after that) and is then removed, so the rows of idle users do not pile up. On H2 the buckets live
 * in memory and the table stays empty.
 */
@DemoApplicationTest
@TestPropertySource(properties = "cdn.gateway.flow-limit-retention=PT0S")
class FlowLimitBucketExpiryTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    FlowLimitBuckets buckets;

    @Test
    void aBucketRowIsRemovedOnceItsBudgetIsFullAgain() {
        HttpTestClient client = new HttpTestClient(port);
        TestAccount account = Accounts.createEligibleAccount(client);
        long before = System.currentTimeMillis();
        assertThat(client.signedGet(account, "DescribeCdnService", Map.of()).field("Code"))
                .isEqualTo("OperationDenied");

        if (PostgresTestDatabases.server() == null) {
            assertThat(buckets).isInstanceOf(InMemoryFlowLimitBuckets.class);
            assertThat(rows(account)).isZero();
            return;
        }
        assertThat(buckets).isInstanceOf(PostgresFlowLimitBuckets.class);
        assertThat(rows(account)).isEqualTo(1);
        Long expiresAt = jdbc.queryForObject("select expires_at from flow_limit_bucket where id like ?", Long.class,
                "DescribeCdnService:%:" + account.ownerId());
        // full again within the one-second refill period (plus the time this took), then expired
        assertThat(expiresAt).isBetween(before, System.currentTimeMillis() + 1_000);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ((PostgresFlowLimitBuckets) buckets).removeExpired();
            return rows(account) == 0;
        });
    }

    private long rows(TestAccount account) {
        return jdbc.queryForObject("select count(*) from flow_limit_bucket where id like ?", Long.class,
                "%:" + account.ownerId());
    }
}
