package org.cdnbilling.overdue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.PostgresTestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On PostgreSQL the cluster gauge's count of low balances reads the recent bills once, not once per account: its
 * plan has no subplan run for each row of {@code account} (the count written as {@code exists (...) or exists (...)}
 * per account had one, and scanned {@code bill} about ten times per activation in bench/run --postgres).
 */
@DemoApplicationTest
class LowBalanceCountPlanTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theCountOfLowBalancesRunsNoSubplanPerAccount() {
        assumeTrue(PostgresTestDatabases.server() != null, "a PostgreSQL plan");
        OffsetDateTime now = OffsetDateTime.of(2026, 12, 8, 0, 0, 0, 0, ZoneOffset.UTC);
        jdbc.execute("analyze account");
        jdbc.execute("analyze bill");
        List<String> plan = jdbc.queryForList("explain " + LowBalance.COUNT_LOW, String.class, now.minusDays(2),
                now.minusDays(1));
        assertThat(plan).isNotEmpty().noneMatch(line -> line.contains("SubPlan"));
        assertThat(plan.stream().filter(line -> line.contains(" on bill")).count())
                .as("scans of bill: the hourly and the daily bills").isEqualTo(2);
    }
}
