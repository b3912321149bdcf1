package org.cdnbilling.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.ProcessEngine;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Creates Camunda's tables with the create scripts Camunda ships for the database in use, in the order the
 * engine itself uses, as Camunda recommends for production instead of letting the engine change the schema
 * at start-up ({@code camunda.bpm.database.schema-update: false}). Run by Flyway under its lock, so nodes
 * starting together on an empty database create the schema once. A database whose Camunda tables already
 * exist is left as it is. Upgrading Camunda means adding its upgrade scripts as later migrations.
 */
public class V4__Camunda_schema extends BaseJavaMigration {

    private static final List<String> COMPONENTS = List.of(
            "engine", "case.engine", "decision.engine", "history", "case.history", "decision.history", "identity");

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        if (Tables.exists(connection, "ACT_GE_PROPERTY")) {
            return;
        }
        String database = camundaDatabaseType(connection);
        for (String component : COMPONENTS) {
            String resource = "org/camunda/bpm/engine/db/create/activiti." + database + ".create." + component + ".sql";
            for (String statement : statementsOf(resource)) {
                try (Statement sql = connection.createStatement()) {
                    sql.execute(statement);
                }
            }
        }
    }

    private static String camundaDatabaseType(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return "postgres";
        }
        if (product.contains("h2")) {
            return "h2";
        }
        throw new IllegalStateException("No Camunda schema scripts chosen for database " + product);
    }

    /** Statements of a Camunda script, split the way the engine splits them. */
    private static List<String> statementsOf(String resource) throws IOException {
        InputStream in = ProcessEngine.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Camunda script " + resource + " is not on the classpath");
        }
        List<String> statements = new java.util.ArrayList<>();
        StringBuilder statement = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("--") || trimmed.startsWith("#")) {
                    continue;
                }
                if (trimmed.endsWith(";")) {
                    statement.append(trimmed, 0, trimmed.length() - 1);
                    statements.add(statement.toString());
                    statement.setLength(0);
                } else {
                    statement.append(trimmed).append(' ');
                }
            }
        }
        return statements;
    }
}
