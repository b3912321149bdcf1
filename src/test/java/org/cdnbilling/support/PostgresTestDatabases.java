package org.cdnbilling.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * When the tests run against PostgreSQL ({@code -Ppostgres}, system property {@value #SERVER_PROPERTY}), gives
 * every application context a fresh database of its own on that server, and drops them when the JVM ends.
 */
public class PostgresTestDatabases implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String SERVER_PROPERTY = "cdn.test.postgres";
    private static final String USER = System.getProperty("cdn.test.postgres.user", "postgres");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> CREATED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresTestDatabases::dropAll, "drop-test-databases"));
    }

    /** The server URL ending in "/", or null when the tests run on H2. */
    public static String server() {
        String server = System.getProperty(SERVER_PROPERTY);
        return server == null || server.isBlank() ? null : (server.endsWith("/") ? server : server + "/");
    }

    /** Creates a fresh database and returns its JDBC URL. */
    public static String createDatabase() {
        String name = "cdntest_" + RUN + "_" + (CREATED.size() + 1) + "_" + UUID.randomUUID().toString().substring(0, 4);
        try (Connection admin = DriverManager.getConnection(server() + "postgres", USER, "");
                Statement sql = admin.createStatement()) {
            sql.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + " on " + server(), e);
        }
        CREATED.add(name);
        return server() + name;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (server() == null) {
            return;
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postgres-test-database",
                Map.of("spring.datasource.url", createDatabase(), "spring.datasource.username", USER,
                        "spring.datasource.password", "")));
    }

    private static void dropAll() {
        if (CREATED.isEmpty()) {
            return;
        }
        try (Connection admin = DriverManager.getConnection(server() + "postgres", USER, "");
                Statement sql = admin.createStatement()) {
            for (String name : CREATED) {
                sql.execute("drop database if exists " + name + " with (force)");
            }
        } catch (SQLException e) {
            System.err.println("Test databases not dropped: " + e.getMessage());
        }
    }
}
