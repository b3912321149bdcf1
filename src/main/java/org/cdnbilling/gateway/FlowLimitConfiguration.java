package org.cdnbilling.gateway;

import java.sql.DatabaseMetaData;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
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
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        ClockTimeMeter time = new ClockTimeMeter(clock);
        return switch (product) {
            case "PostgreSQL" -> new PostgresFlowLimitBuckets(dataSource, time, settings.flowLimitRetention());
            case "H2" -> new InMemoryFlowLimitBuckets(time, settings.flowLimitPeriod(), settings.flowLimitRetention());
            default -> throw new IllegalStateException("No flow-limit buckets for database " + product);
        };
    }
}
