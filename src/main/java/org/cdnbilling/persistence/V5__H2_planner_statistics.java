package org.cdnbilling.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2 only: gives the query planner the statistics of a working database from the start. PostgreSQL plans
 * by itself and is left alone.
 * <p>
 * H2 assumes every column of a young table half distinct, and it keeps a statement's plan as long as the
 * statement stays in the connection's cache ({@code QUERY_CACHE_SIZE}), even after its own automatic
 * analysis has learnt better. A plan made that way for Camunda's variable lookup
 * ({@code ... where EXECUTION_ID_ = ? and TASK_ID_ is null and NAME_ in (...)}) walks the index of the
 * always-null {@code TASK_ID_}, that is every variable of every running instance, on every activation job;
 * bench/run found it taking a third of the job executor's CPU. So:
 * <ul>
 * <li>the columns of Camunda's runtime tables this product never fills (user tasks, cases, tenants) are
 * declared empty (selectivity 1);</li>
 * <li>the busiest runtime tables (executions, jobs, variables) get the selectivity H2's own {@code ANALYZE}
 * found in the middle of a benchmark run ({@code db/h2/steady-state-selectivity.csv}).</li>
 * </ul>
 * H2's automatic analysis goes on updating the figures as data arrives.
 */
public class V5__H2_planner_statistics extends BaseJavaMigration {

    private static final Set<String> NEVER_FILLED = Set.of(
            "TASK_ID_", "CASE_EXECUTION_ID_", "CASE_INST_ID_", "CASE_DEF_ID_", "TENANT_ID_");
    private static final String STEADY_STATE = "db/h2/steady-state-selectivity.csv";

    private static final Pattern NAME = Pattern.compile("ACT_[A-Z0-9_]+");

    private record Column(String table, String name) {
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) {
            return;
        }
        Map<Column, Integer> selectivity = neverFilledColumns(connection);
        selectivity.putAll(steadyState());
        for (Map.Entry<Column, Integer> column : selectivity.entrySet()) {
            try (Statement sql = connection.createStatement()) {
                sql.execute("ALTER TABLE " + column.getKey().table() + " ALTER COLUMN " + column.getKey().name()
                        + " SELECTIVITY " + column.getValue());
            }
        }
    }

    private static Map<Column, Integer> neverFilledColumns(Connection connection) throws SQLException {
        Map<Column, Integer> columns = new LinkedHashMap<>();
        try (ResultSet all = connection.getMetaData().getColumns(null, null, "ACT_RU_%", null)) {
            while (all.next()) {
                if (NEVER_FILLED.contains(all.getString("COLUMN_NAME"))) {
                    columns.put(new Column(all.getString("TABLE_NAME"), all.getString("COLUMN_NAME")), 1);
                }
            }
        }
        return columns;
    }

    /** Column to selectivity, from the CSV resource (names checked, they end up in SQL). */
    private static Map<Column, Integer> steadyState() throws IOException {
        Map<Column, Integer> columns = new LinkedHashMap<>();
        InputStream in = V5__H2_planner_statistics.class.getClassLoader().getResourceAsStream(STEADY_STATE);
        if (in == null) {
            throw new IllegalStateException(STEADY_STATE + " is not on the classpath");
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("table,")) {
                    continue;
                }
                String[] fields = line.split(",");
                if (fields.length != 3 || !NAME.matcher(fields[0]).matches()
                        || !NAME.matcher("ACT_" + fields[1]).matches()) {
                    throw new IllegalStateException(
                            "Not a table,column,selectivity line in " + STEADY_STATE + ": " + line);
                }
                columns.put(new Column(fields[0], fields[1]), Integer.parseInt(fields[2]));
            }
        }
        return columns;
    }
}
