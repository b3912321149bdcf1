package org.cdnbilling.gateway;

import java.time.Clock;
import javax.sql.DataSource;
import org.cdnbilling.persistence.DatabaseProduct;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Chooses where the flow limit's buckets live by the application's database: PostgreSQL, which several nodes
 * may share, keeps them in a table so the limit holds for the cluster; H2, a single node's database, keeps them
 * in memory.
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
}
