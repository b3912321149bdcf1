package org.cdnbilling.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.cdnbilling.support.MigrationDatabases;
import org.cdnbilling.support.PostgresTestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V19 (usage_hour) on a database that already holds samples: the hourly totals it creates are those of the
 * samples stored before it, per account, region and UTC hour (on H2, and on PostgreSQL under {@code -Ppostgres}).
 */
class UsageHoursMigrationTest {

    @Test
    void theHourlyTotalsOfSamplesStoredBeforeTheVersionAreBackfilled() {
        DriverManagerDataSource dataSource = MigrationDatabases.create("usage-hours");
        MigrationDatabases.flyway(dataSource, "18").migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        OffsetDateTime hour = OffsetDateTime.of(2026, 11, 30, 15, 0, 0, 0, ZoneOffset.UTC);
        String insert = "insert into usage_sample (owner_id, region, start_at, bytes, peak_bps, received_at) "
                + "values (?, ?, ?, ?, ?, ?)";
        for (int i = 0; i < 12; i++) {
            jdbc.update(insert, 7L, "CN", hour.plusMinutes(5L * i), 1_000L + i, 10L * (i % 5), hour);
        }
        jdbc.update(insert, 7L, "EU", hour.plusMinutes(55), 5L, 99L, hour);
        jdbc.update(insert, 7L, "CN", hour.plusHours(1), 3L, 1L, hour);
        // at another offset, the same instant: the UTC hour counts
        jdbc.update(insert, 8L, "CN", hour.plusMinutes(10).withOffsetSameInstant(ZoneOffset.ofHoursMinutes(5, 30)),
                40L, 4L, hour);

        MigrationDatabases.flyway(dataSource, "latest").migrate();

        long h = hour.toEpochSecond() / 3600;
        List<String> totals = jdbc.query("select owner_id, region, hour_number, bytes, peak_bps from usage_hour "
                + "order by 1, 2, 3", (rs, row) -> rs.getLong(1) + " " + rs.getString(2) + " " + (rs.getLong(3) - h)
                + " " + rs.getLong(4) + " " + rs.getLong(5));
        assertThat(totals).containsExactly("7 CN 0 12066 40", "7 CN 1 3 1", "7 EU 0 5 99", "8 CN 0 40 4");
    }

    /**
     * V31 on a database that already holds samples and hourly totals: on PostgreSQL both tables become partitioned
     * by Beijing day, a partition for each day with rows, every row kept (and still refused twice by the primary
     * key); on H2 they stay plain tables with the same rows.
     */
    @Test
    void theDailyPartitionsTakeTheRowsStoredBefore() {
        DriverManagerDataSource dataSource = MigrationDatabases.create("usage-partitions");
        MigrationDatabases.flyway(dataSource, "30").migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String insert = "insert into usage_sample (owner_id, region, start_at, bytes, peak_bps, received_at) "
                + "values (?, ?, ?, ?, ?, ?)";
        OffsetDateTime lastOfDay = OffsetDateTime.of(2026, 12, 7, 15, 55, 0, 0, ZoneOffset.UTC);
        jdbc.update(insert, 7L, "CN", lastOfDay, 10L, 1L, lastOfDay);
        jdbc.update(insert, 7L, "CN", lastOfDay.plusMinutes(5), 20L, 2L, lastOfDay);
        jdbc.update(insert, 8L, "EU", lastOfDay.minusDays(40), 30L, 3L, lastOfDay);
        jdbc.update("insert into usage_hour (owner_id, region, hour_number, bytes, peak_bps) values (?, ?, ?, ?, ?)",
                7L, "CN", lastOfDay.toEpochSecond() / 3600, 10L, 1L);
        jdbc.update("insert into usage_hour (owner_id, region, hour_number, bytes, peak_bps) values (?, ?, ?, ?, ?)",
                7L, "CN", lastOfDay.toEpochSecond() / 3600 + 1, 20L, 2L);

        MigrationDatabases.flyway(dataSource, "latest").migrate();

        assertThat(jdbc.queryForList("select owner_id || ' ' || region || ' ' || bytes from usage_sample "
                + "order by start_at", String.class)).containsExactly("8 EU 30", "7 CN 10", "7 CN 20");
        assertThat(jdbc.queryForList("select bytes from usage_hour order by hour_number", Long.class))
                .containsExactly(10L, 20L);
        assertThatThrownBy(() -> jdbc.update(insert, 7L, "CN", lastOfDay, 10L, 1L, lastOfDay))
                .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
        if (PostgresTestDatabases.server() != null) {
            assertThat(jdbc.queryForList("select tableoid::regclass::text from usage_sample order by start_at",
                    String.class)).containsExactly("usage_sample_d20261028", "usage_sample_d20261207",
                            "usage_sample_d20261208");
            assertThat(jdbc.queryForList("select tableoid::regclass::text from usage_hour order by hour_number",
                    String.class)).containsExactly("usage_hour_d20261207", "usage_hour_d20261208");
            assertThat(jdbc.queryForList("select relname || ' ' || relkind::text from pg_class where relname in "
                    + "('usage_sample', 'usage_hour', 'pk_usage_sample', 'pk_usage_hour') order by relname",
                    String.class)).containsExactly("pk_usage_hour I", "pk_usage_sample I", "usage_hour p",
                            "usage_sample p");
        }
    }
}
