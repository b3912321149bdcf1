package org.cdnbilling.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.cdnbilling.support.MigrationDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V20 and V21 (the keys of the admin API's pages of bills and AccessKeys) on a database that already holds bills
 * and keys: each stored row gets an id of its own, rows inserted afterwards (by billing's and the key service's
 * inserts, which name no id) get higher ones, and an account's list cannot hold an id twice (on H2, and on
 * PostgreSQL under {@code -Ppostgres}).
 */
class PagingKeysMigrationTest {

    private static final OffsetDateTime HOUR = OffsetDateTime.of(2026, 11, 30, 15, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void storedBillsAndKeysAreNumberedAndLaterOnesNumberedAfterThem() {
        DriverManagerDataSource dataSource = MigrationDatabases.create("paging-keys");
        MigrationDatabases.flyway(dataSource, "19").migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (long ownerId : new long[] {7, 8}) {
            jdbc.update("insert into account (owner_id, real_name_verified, profile_complete, site, intl_allowed, "
                    + "bid_user, pay_method_valid, balance, created_at, updated_at, version) "
                    + "values (?, true, true, 'domestic', false, false, true, 0, ?, ?, 0)", ownerId, HOUR, HOUR);
        }
        bill(jdbc, 7, "hour_flow", 0, 0);
        bill(jdbc, 7, "hour_flow", 1, 0);
        bill(jdbc, 8, "hour_flow", 0, 0);
        bill(jdbc, 7, "hour_flow", 0, 1);
        bill(jdbc, 7, "day_bandwidth", 0, 0);
        key(jdbc, 7, "LTAIstored1");
        key(jdbc, 8, "LTAIstored2");
        key(jdbc, 7, "LTAIstored3");

        MigrationDatabases.flyway(dataSource, "latest").migrate();

        List<Long> billIds = jdbc.queryForList("select id from bill", Long.class);
        assertThat(billIds).hasSize(5).doesNotContainNull().doesNotHaveDuplicates();
        List<Long> keyNumbers = jdbc.queryForList("select id from access_key", Long.class);
        assertThat(keyNumbers).hasSize(3).doesNotContainNull().doesNotHaveDuplicates();

        bill(jdbc, 7, "hour_flow", 2, 0);
        key(jdbc, 7, "LTAInew");
        assertThat(jdbc.queryForObject("select id from bill where period_start = ?", Long.class, HOUR.plusHours(2)))
                .isGreaterThan(billIds.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertThat(jdbc.queryForObject("select id from access_key where access_key_id = 'LTAInew'", Long.class))
                .isGreaterThan(keyNumbers.stream().mapToLong(Long::longValue).max().orElseThrow());
        // the cursor of one account's list is unique
        long taken = jdbc.queryForObject("select min(id) from bill where owner_id = 7", Long.class);
        assertThatThrownBy(() -> jdbc.update("insert into bill (id, owner_id, bill_type, period_start, supplement, "
                + "period_end, charge_type, currency, rated_amount, previously_billed, total, created_at) values "
                + "(?, 7, 'hour_flow', ?, 0, ?, 'PayByTraffic', 'USD', 0, 0, 0, ?)", taken, HOUR.plusHours(9),
                HOUR.plusHours(10), HOUR)).isInstanceOf(DataIntegrityViolationException.class);
    }

    /** A bill as billing inserts it: every column but the id. */
    private static void bill(JdbcTemplate jdbc, long ownerId, String type, int hours, int supplement) {
        OffsetDateTime start = HOUR.plusHours(hours);
        jdbc.update("insert into bill (owner_id, bill_type, period_start, supplement, period_end, charge_type, "
                + "currency, rated_amount, previously_billed, total, run_id, created_at) "
                + "values (?, ?, ?, ?, ?, 'PayByTraffic', 'USD', ?, ?, ?, 'run', ?)", ownerId, type, start, supplement,
                start.plusHours(1), BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ONE, start);
    }

    /** A key as the key service inserts it: every column but the number. */
    private static void key(JdbcTemplate jdbc, long ownerId, String accessKeyId) {
        jdbc.update("insert into access_key (access_key_id, owner_id, secret_ciphertext, status, created_at, "
                + "updated_at, version) values (?, ?, 'v1:x', 'Active', ?, ?, 0)", accessKeyId, ownerId, HOUR, HOUR);
    }
}
