package org.cdnbilling.usagedata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.cdnbilling.support.PartitionPlans;
import org.cdnbilling.support.PartitionedUsageDatabase;
import org.cdnbilling.support.PostgresTestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * On PostgreSQL ({@code -Ppostgres}): DescribeDomainUsageData's read of the samples
 * ({@link UsageTotals#fiveMinuteTotals(int)}) is planned on the Beijing days of its range only.
 */
@EnabledIfSystemProperty(named = PostgresTestDatabases.SERVER_PROPERTY, matches = ".+")
class UsageSamplesPruningTest {

    @Test
    void aUtcDayOfSamplesReadsTheTwoBeijingDaysItOverlaps() throws Exception {
        DataSource database = PartitionedUsageDatabase.at(OffsetDateTime.parse("2026-12-08T04:00:00Z").toInstant());
        String sql = UsageTotals.fiveMinuteTotals(2);
        List<String> days = List.of("usage_sample_d20261207", "usage_sample_d20261208");
        assertThat(PartitionPlans.customPlan(database, sql, 1L, OffsetDateTime.parse("2026-12-07T00:00:00Z"),
                OffsetDateTime.parse("2026-12-08T00:00:00Z"), "CN", "EU")).containsExactlyElementsOf(days);
        assertThat(PartitionPlans.genericPlan(database, sql,
                List.of("bigint", "timestamptz", "timestamptz", "varchar", "varchar"),
                List.of("1", "'2026-12-07T00:00:00Z'", "'2026-12-08T00:00:00Z'", "'CN'", "'EU'")))
                .containsExactlyElementsOf(days);
    }
}
