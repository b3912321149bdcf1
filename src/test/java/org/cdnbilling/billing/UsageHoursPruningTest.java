package org.cdnbilling.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.cdnbilling.support.PartitionPlans;
import org.cdnbilling.support.PartitionedUsageDatabase;
import org.cdnbilling.support.PostgresTestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * On PostgreSQL ({@code -Ppostgres}, about a hundred daily partitions of usage_hour): the billing run's read of
 * the hourly totals ({@link UsageAggregates#HOURS}) is planned on the partitions of its window only, as bound
 * (a custom plan) and as a generic plan pruned when it executes.
 */
@EnabledIfSystemProperty(named = PostgresTestDatabases.SERVER_PROPERTY, matches = ".+")
class UsageHoursPruningTest {

    private static DataSource database;

    @BeforeAll
    static void partitioned() throws Exception {
        database = PartitionedUsageDatabase.at(Instant.parse("2026-12-08T04:00:00Z"));
    }

    @Test
    void aBeijingDayOfBandwidthReadsItsOnePartition() throws Exception {
        // day_bandwidth of 2026-12-07: 2026-12-06T16:00Z to 2026-12-07T16:00Z
        long from = Instant.parse("2026-12-06T16:00:00Z").getEpochSecond() / 3600;
        long to = Instant.parse("2026-12-07T16:00:00Z").getEpochSecond() / 3600;
        assertThat(PartitionPlans.customPlan(database, UsageAggregates.HOURS, 1L, 5000L, from, to))
                .containsExactly("usage_hour_d20261207");
        assertThat(PartitionPlans.genericPlan(database, UsageAggregates.HOURS,
                List.of("bigint", "bigint", "bigint", "bigint"), List.of("1", "5000", "" + from, "" + to)))
                .containsExactly("usage_hour_d20261207");
    }

    @Test
    void anHourRatedOnItsMonthToDateReadsTheDaysOfTheMonthSoFar() throws Exception {
        // hour_flow 2026-12-07T02:00Z (10:00 in Beijing): the Beijing month from 2026-11-30T16:00Z to the hour's end
        long from = Instant.parse("2026-11-30T16:00:00Z").getEpochSecond() / 3600;
        long to = Instant.parse("2026-12-07T03:00:00Z").getEpochSecond() / 3600;
        List<String> days = List.of("usage_hour_d20261201", "usage_hour_d20261202", "usage_hour_d20261203",
                "usage_hour_d20261204", "usage_hour_d20261205", "usage_hour_d20261206", "usage_hour_d20261207");
        assertThat(PartitionPlans.customPlan(database, UsageAggregates.HOURS, 1L, 5000L, from, to))
                .containsExactlyElementsOf(days);
        assertThat(PartitionPlans.genericPlan(database, UsageAggregates.HOURS,
                List.of("bigint", "bigint", "bigint", "bigint"), List.of("1", "5000", "" + from, "" + to)))
                .containsExactlyElementsOf(days);
    }
}
