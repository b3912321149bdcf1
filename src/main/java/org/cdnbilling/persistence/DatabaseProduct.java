package org.cdnbilling.persistence;

import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/** The database the application runs on, as its JDBC driver names it; where storage differs by database. */
public enum DatabaseProduct {
    POSTGRESQL, H2, OTHER;

    /** Asks the data source's driver once (a connection is borrowed for it). */
    public static DatabaseProduct of(DataSource dataSource) throws MetaDataAccessException {
        String name = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        return switch (name) {
            case "PostgreSQL" -> POSTGRESQL;
            case "H2" -> H2;
            default -> OTHER;
        };
    }
}
