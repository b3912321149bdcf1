package org.cdnbilling.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2 only: tells the query planner that the columns of Camunda's runtime tables this product never fills
 * (user tasks, cases, tenants) are always empty. PostgreSQL needs nothing like it and is left alone.
 * <p>
 * H2 assumes every column of a young table half distinct, and it keeps a statement's plan as long as the
 * statement stays in the connection's cache ({@code QUERY_CACHE_SIZE}). A plan made that way for Camunda's
 * variable lookup ({@code ... where EXECUTION_ID_ = ? and TASK_ID_ is null ...}) walks the index of
 * {@code TASK_ID_}, that is every variable of every running instance, on every activation job; bench/run
 * found it taking a third of the job executor's CPU. With these columns known to be empty from the start,
 * H2 takes the execution's index. H2's automatic analysis still updates the figures as data arrives.
 */
public class V5__H2_planner_statistics extends BaseJavaMigration {

    static final Set<String> NEVER_FILLED = Set.of(
            "TASK_ID_", "CASE_EXECUTION_ID_", "CASE_INST_ID_", "CASE_DEF_ID_", "TENANT_ID_");

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) {
            return;
        }
        for (String[] column : neverFilledColumns(connection)) {
            try (Statement sql = connection.createStatement()) {
                sql.execute("ALTER TABLE " + column[0] + " ALTER COLUMN " + column[1] + " SELECTIVITY 1");
            }
        }
    }

    private static List<String[]> neverFilledColumns(Connection connection) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (ResultSet all = connection.getMetaData().getColumns(null, null, "ACT_RU_%", null)) {
            while (all.next()) {
                if (NEVER_FILLED.contains(all.getString("COLUMN_NAME"))) {
                    columns.add(new String[] {all.getString("TABLE_NAME"), all.getString("COLUMN_NAME")});
                }
            }
        }
        return columns;
    }
}
