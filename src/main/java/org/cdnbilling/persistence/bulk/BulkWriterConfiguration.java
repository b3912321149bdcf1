package org.cdnbilling.persistence.bulk;

import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/** How rows are written in bulk, by the application's database: COPY on PostgreSQL, JDBC batches otherwise. */
@Configuration(proxyBeanMethods = false)
class BulkWriterConfiguration {

    @Bean
    BulkWriter bulkWriter(DataSource dataSource, JdbcTemplate jdbc) throws MetaDataAccessException {
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        return "PostgreSQL".equals(product) ? new PostgresBulkWriter(jdbc) : new JdbcBatchBulkWriter(jdbc);
    }
}
