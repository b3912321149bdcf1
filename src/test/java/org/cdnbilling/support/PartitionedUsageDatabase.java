package org.cdnbilling.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.cdnbilling.usagepartition.UsagePartitions;
import org.cdnbilling.usagepartition.UsageRetentionSettings;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A migrated PostgreSQL database with the daily usage partitions the defaults keep at {@code now}. */
public final class PartitionedUsageDatabase {

    private PartitionedUsageDatabase() {
    }

    public static DriverManagerDataSource at(Instant now) throws Exception {
        DriverManagerDataSource dataSource = MigrationDatabases.create("partitioned-usage");
        MigrationDatabases.flyway(dataSource, "latest").migrate();
        UsageRetentionSettings defaults = new UsageRetentionSettings(Duration.ofDays(93), Duration.ofDays(186),
                new UsageRetentionSettings.Partitions(7, Duration.ofHours(1)));
        new UsagePartitions(dataSource, defaults, Clock.fixed(now, ZoneOffset.UTC), new SimpleMeterRegistry())
                .maintain();
        return dataSource;
    }
}
