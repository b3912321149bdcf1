package org.cdnbilling.billing;

import org.cdnbilling.metrics.ClusterGauge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code cdn_accounts_negative_balance}: accounts whose balance is below zero (bills may take it there), for the
 * whole cluster (org.cdnbilling.metrics). The one gauge query without an index of its own: an index on the
 * balance would cost every bill's balance update its HOT update on PostgreSQL; the scan runs once a minute on one
 * node.
 */
@Configuration(proxyBeanMethods = false)
class NegativeBalancesGauge {

    static final String NAME = "cdn.accounts.negative.balance";

    @Bean
    ClusterGauge negativeBalances(JdbcTemplate jdbc) {
        return new ClusterGauge(NAME, "Accounts with a balance below zero",
                () -> jdbc.queryForObject("select count(*) from account where balance < 0", Long.class));
    }
}
