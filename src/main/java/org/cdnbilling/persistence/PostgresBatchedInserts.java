package org.cdnbilling.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Turns on pgjdbc's {@code reWriteBatchedInserts} for a PostgreSQL pool, unless its URL or its data-source properties
 * ({@code spring.datasource.hikari.data-source-properties}) name the setting themselves:
 * a JDBC batch of inserts into one table then goes to the server as one multi-row {@code INSERT} instead of one
 * statement per row. Camunda flushes its inserts in JDBC batches (its activity instances, variables and their
 * history), so an activation ran 10 statements fewer (73.6 against 63.6, docs/performance.md, "PostgreSQL"). The
 * driver then answers such a batch with {@code SUCCESS_NO_INFO} instead of a count per row; Camunda does not check
 * the counts of inserts (CAM-10990, 7.13), and no insert batch of this application reads them.
 */
@Component
class PostgresBatchedInserts implements BeanPostProcessor {

    static final String SETTING = "reWriteBatchedInserts";
    private static final Logger log = LoggerFactory.getLogger(PostgresBatchedInserts.class);

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && applies(pool.getJdbcUrl(), pool.getDataSourceProperties())) {
            pool.addDataSourceProperty(SETTING, "true");
            log.debug("{}=true for the pool {}", SETTING, beanName);
        }
        return bean;
    }

    /** A PostgreSQL URL, and neither it nor the pool's driver properties set it one way or the other. */
    static boolean applies(String jdbcUrl, Properties driverProperties) {
        String setting = SETTING.toLowerCase(Locale.ROOT);
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")
                && !jdbcUrl.toLowerCase(Locale.ROOT).contains(setting)
                && driverProperties.stringPropertyNames().stream()
                        .noneMatch(name -> name.toLowerCase(Locale.ROOT).equals(setting));
    }
}
