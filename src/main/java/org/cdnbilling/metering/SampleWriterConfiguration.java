package org.cdnbilling.metering;

import javax.sql.DataSource;
import org.cdnbilling.persistence.DatabaseProduct;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.MetaDataAccessException;

/** How posted samples are stored, by the application's database: COPY on PostgreSQL, portable JDBC otherwise. */
@Configuration(proxyBeanMethods = false)
class SampleWriterConfiguration {

    @Bean
    SampleWriter sampleWriter(DataSource dataSource, JdbcTemplate jdbc, UsageSampleStore store)
            throws MetaDataAccessException {
        return DatabaseProduct.of(dataSource) == DatabaseProduct.POSTGRESQL ? new PostgresSampleWriter(jdbc)
                : new PortableSampleWriter(store);
    }
}
