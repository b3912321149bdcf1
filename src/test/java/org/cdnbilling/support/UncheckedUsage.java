package org.cdnbilling.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Usage that an earlier release stored before samples had bounds (issue 23, item 4), written here by JDBC as the
 * API now refuses it: a CN sample too large to rate makes its account's rating throw, so a billing run sets the
 * account aside. And the operator's correction of such a sample, as the runbook describes it.
 */
public final class UncheckedUsage {

    private UncheckedUsage() {
    }

    /** A 5-minute CN sample at the hour's start, received at {@code receivedAt}, with its hourly total and mark. */
    public static void store(JdbcTemplate jdbc, long ownerId, Instant hour, long bytes, Instant receivedAt) {
        jdbc.update("insert into usage_sample (owner_id, region, start_at, bytes, peak_bps, received_at) "
                + "values (?, 'CN', ?, ?, 1, ?)", ownerId, utc(hour), bytes, utc(receivedAt));
        jdbc.update("insert into usage_hour (owner_id, region, hour_number, bytes, peak_bps) values (?, 'CN', ?, ?, 1)",
                ownerId, hour.getEpochSecond() / 3600, bytes);
        jdbc.update("insert into unbilled_usage (owner_id, hour_start, changes) values (?, ?, 1)", ownerId, utc(hour));
    }

    /** Corrects a sample stored by {@link #store} and its hourly total to {@code bytes}. */
    public static void correct(JdbcTemplate jdbc, long ownerId, Instant hour, long bytes) {
        assertThat(jdbc.update("update usage_sample set bytes = ? where owner_id = ? and region = 'CN' and start_at = ?",
                bytes, ownerId, utc(hour))).isEqualTo(1);
        assertThat(jdbc.update("update usage_hour set bytes = ? where owner_id = ? and region = 'CN' and hour_number = ?",
                bytes, ownerId, hour.getEpochSecond() / 3600)).isEqualTo(1);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
