package org.cdnbilling.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Which daily partitions of the usage tables PostgreSQL's plan of a query reads (EXPLAIN, not run): with the
 * values bound as the application binds them (a custom plan, pruned when planned), and as a generic plan of a
 * prepared statement (pruned when it starts executing: EXPLAIN EXECUTE shows the partitions left).
 */
public final class PartitionPlans {

    private static final Pattern PARTITION = Pattern.compile("\\b(usage_(?:sample|hour)_d\\d{8})\\b");

    private PartitionPlans() {
    }

    /** The partitions named by the plan of {@code sql} with its {@code ?} bound to {@code arguments}. */
    public static TreeSet<String> customPlan(DataSource dataSource, String sql, Object... arguments)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement explain = connection.prepareStatement("explain (costs off) " + sql)) {
            for (int i = 0; i < arguments.length; i++) {
                explain.setObject(i + 1, arguments[i]);
            }
            return partitions(explain.executeQuery());
        }
    }

    /**
     * The partitions the generic plan of {@code sql} still reads once its parameters are known, as literals
     * ({@code arguments}, SQL text of each) and types ({@code types}).
     */
    public static TreeSet<String> genericPlan(DataSource dataSource, String sql, List<String> types,
            List<String> arguments) throws SQLException {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + (++n) : String.valueOf(c));
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set plan_cache_mode = force_generic_plan");
            statement.execute("prepare pruned (" + String.join(", ", types) + ") as " + numbered);
            return partitions(statement.executeQuery("explain (costs off) execute pruned ("
                    + String.join(", ", arguments) + ")"));
        }
    }

    private static TreeSet<String> partitions(ResultSet plan) throws SQLException {
        List<String> lines = new ArrayList<>();
        while (plan.next()) {
            lines.add(plan.getString(1));
        }
        TreeSet<String> names = new TreeSet<>();
        Matcher partition = PARTITION.matcher(String.join("\n", lines));
        while (partition.find()) {
            names.add(partition.group(1));
        }
        if (names.isEmpty()) {
            throw new AssertionError("the plan names no daily partition:\n" + String.join("\n", lines));
        }
        return names;
    }
}
