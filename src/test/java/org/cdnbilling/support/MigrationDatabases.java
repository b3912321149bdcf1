package org.cdnbilling.support;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Empty databases for the tests of a migration: one migrated up to a version, rows written, then the rest. */
public final class MigrationDatabases {

    private MigrationDatabases() {
    }

    /** A new empty database: on the PostgreSQL server under {@code -Ppostgres}, else an in-memory H2 one. */
    public static DriverManagerDataSource create(String name) {
        boolean postgres = PostgresTestDatabases.server() != null;
        String url = postgres ? PostgresTestDatabases.createDatabase()
                : "jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        return new DriverManagerDataSource(url, postgres ? "postgres" : "sa", "");
    }

    /** The application's migrations (SQL and Java) up to {@code target} ("latest": all). */
    public static Flyway flyway(DriverManagerDataSource dataSource, String target) {
        return Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:org/cdnbilling/persistence").target(target).load();
    }
}
