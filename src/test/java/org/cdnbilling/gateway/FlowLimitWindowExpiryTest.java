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
 * On PostgreSQL a user's flow-limit window is a row that expires once the window is over (here with no retention
 * after that) and is then removed, so the rows of idle users do not pile up. On H2 the budgets live in memory and
 * the table stays empty.
 */
@DemoApplicationTest
@TestPropertySource(properties = "cdn.gateway.flow-limit-retention=PT0S")
class FlowLimitWindowExpiryTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Admissions admissions;

    @Test
    void aWindowRowIsRemovedOnceTheWindowIsOver() {
        HttpTestClient client = new HttpTestClient(port);
        TestAccount account = Accounts.createEligibleAccount(client);
        long before = System.currentTimeMillis();
        assertThat(client.signedGet(account, "DescribeCdnService", Map.of()).field("Code"))
                .isEqualTo("OperationDenied");

        if (PostgresTestDatabases.server() == null) {
            assertThat(admissions).isInstanceOf(StepwiseAdmissions.class);
            assertThat(rows(account)).isZero();
            return;
        }
        assertThat(admissions).isInstanceOf(PostgresAdmissions.class);
        assertThat(rows(account)).isEqualTo(1);
        Long expiresAt = jdbc.queryForObject("select expires_at from flow_limit_window where id like ?", Long.class,
                "DescribeCdnService:%:" + account.ownerId());
        // the one-second window opened by this call (plus the time this took), then expired
        assertThat(expiresAt).isBetween(before + 1_000, System.currentTimeMillis() + 1_000);
        assertThat(jdbc.queryForObject("select count(*) from flow_limit_bucket where id like ?", Long.class,
                "%:" + account.ownerId())).as("no Bucket4j bucket for the RPC API's limit").isZero();

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ((PostgresAdmissions) admissions).removeExpired();
            return rows(account) == 0;
        });
    }

    private long rows(TestAccount account) {
        return jdbc.queryForObject("select count(*) from flow_limit_window where id like ?", Long.class,
                "%:" + account.ownerId());
    }
}
