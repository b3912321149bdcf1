package org.cdnbilling.gateway;

import java.time.Clock;
import javax.sql.DataSource;
import org.cdnbilling.persistence.DatabaseProduct;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Chooses where the flow limit's budgets live by the application's database: PostgreSQL, which several nodes
 * may share, keeps them in tables so the limits hold for the cluster (the RPC API's in {@code flow_limit_window},
 * spent with the nonce in one statement; the login throttle's as Bucket4j buckets); H2, a single node's database,
 * keeps them in memory.
 */
@Configuration(proxyBeanMethods = false)
class FlowLimitConfiguration {

    @Bean
    FlowLimitBuckets flowLimitBuckets(DataSource dataSource, GatewaySettings settings, Clock clock)
            throws MetaDataAccessException {
        DatabaseProduct product = DatabaseProduct.of(dataSource);
        ClockTimeMeter time = new ClockTimeMeter(clock);
        return switch (product) {
            case POSTGRESQL -> new PostgresFlowLimitBuckets(dataSource, time, settings.flowLimitRetention());
            case H2 -> new InMemoryFlowLimitBuckets(time, settings.flowLimitRetention());
            case OTHER -> throw new IllegalStateException("No flow-limit buckets for this database");
        };
    }

    @Bean
    Admissions admissions(DataSource dataSource, FlowLimitBuckets buckets, NonceRegistry nonces, JdbcTemplate jdbc,
            GatewaySettings settings, Clock clock) throws MetaDataAccessException {
        return switch (DatabaseProduct.of(dataSource)) {
            case POSTGRESQL -> new PostgresAdmissions(jdbc, nonces, settings, clock);
            case H2 -> new StepwiseAdmissions(nonces, buckets);
            case OTHER -> throw new IllegalStateException("No call admissions for this database");
        };
    }
}
