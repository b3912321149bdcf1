package org.cdnbilling.persistence.bulk;

import javax.sql.DataSource;
import org.cdnbilling.persistence.DatabaseProduct;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.MetaDataAccessException;

/** How rows are written in bulk, by the application's database: COPY on PostgreSQL, JDBC batches otherwise. */
@Configuration(proxyBeanMethods = false)
class BulkWriterConfiguration {

    @Bean
    BulkWriter bulkWriter(DataSource dataSource, JdbcTemplate jdbc) throws MetaDataAccessException {
        return DatabaseProduct.of(dataSource) == DatabaseProduct.POSTGRESQL ? new PostgresBulkWriter(jdbc)
                : new JdbcBatchBulkWriter(jdbc);
    }
}
