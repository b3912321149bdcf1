package org.cdnbilling.support;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Test fixtures for the bill APIs: rows of {@code bill} and {@code bill_line} (V13__bills.sql) written through
 * JDBC, as a billing run writes them, for tests of the APIs that read bills without running the billing. Only
 * what those APIs read is meaningful (type, period, supplement, region, quantity); amounts are zero.
 */
public final class BillRows {

    private BillRows() {
    }

    /**
     * One bill and its lines.
     *
     * @param quantities per region: bytes ({@code hour_flow}) or bit/s ({@code day_bandwidth}) of the whole period
     */
    public static void insert(JdbcTemplate jdbc, long ownerId, String billType, Instant periodStart, int supplement,
            Map<String, Long> quantities) {
        Duration length = billType.equals("hour_flow") ? Duration.ofHours(1) : Duration.ofDays(1);
        jdbc.update("insert into bill (owner_id, bill_type, period_start, supplement, period_end, charge_type, currency, "
                        + "rated_amount, previously_billed, total, run_id, created_at) values (?, ?, ?, ?, ?, ?, 'USD', ?, ?, ?, "
                        + "'fixture', ?)", ownerId, billType, utc(periodStart), supplement, utc(periodStart.plus(length)),
                billType.equals("hour_flow") ? "PayByTraffic" : "PayByBandwidth", BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, utc(Instant.now()));
        quantities.forEach((region, quantity) -> jdbc.update("insert into bill_line (owner_id, bill_type, period_start, "
                + "supplement, region, quantity, amount, tiers) values (?, ?, ?, ?, ?, ?, ?, '[]')", ownerId, billType,
                utc(periodStart), supplement, region, quantity, BigDecimal.ZERO));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
