package org.cdnbilling.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.cdnbilling.support.PostgresTestDatabases;

/** Direct reads of the shared database, to check what the nodes did. */
final class ClusterDatabase {

    final String url;

    ClusterDatabase() {
        if (PostgresTestDatabases.server() == null) {
            throw new IllegalStateException("Cluster tests need PostgreSQL: run them with -Ppostgres");
        }
        this.url = PostgresTestDatabases.createDatabase();
    }

    long count(String sql, Object... parameters) throws SQLException {
        return longs(sql, parameters).get(0);
    }

    List<Long> longs(String sql, Object... parameters) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getLong(1));
                }
            }
        }
        return values;
    }

    List<String> strings(String sql, Object... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }
}
