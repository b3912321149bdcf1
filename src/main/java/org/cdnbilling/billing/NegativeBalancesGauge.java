package org.cdnbilling.billing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code cdn_accounts_negative_balance}: accounts whose balance is below zero (bills may take it there), counted
 * in the database, so every node reports the cluster's number; the count is kept for a few seconds, so frequent
 * scrapes cost one query per {@link #FRESH_FOR}.
 */
@Component
class NegativeBalancesGauge implements MeterBinder {

    static final String NAME = "cdn.accounts.negative.balance";
    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private long countedAt = Long.MIN_VALUE;
    private long count;

    NegativeBalancesGauge(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, this, NegativeBalancesGauge::count)
                .description("Accounts with a balance below zero, all nodes together")
                .strongReference(true)
                .register(registry);
    }

    private synchronized long count() {
        long now = System.nanoTime();
        if (countedAt == Long.MIN_VALUE || now - countedAt > FRESH_FOR.toNanos()) {
            Long counted = jdbc.queryForObject("select count(*) from account where balance < 0", Long.class);
            count = counted == null ? 0 : counted;
            countedAt = now;
        }
        return count;
    }
}
