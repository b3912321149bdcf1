package org.cdnbilling.persistence.bulk;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/** Any JDBC database (H2): a batch of one prepared statement per row. */
final class JdbcBatchBulkWriter implements BulkWriter {

    private final JdbcTemplate jdbc;

    JdbcBatchBulkWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into " + table + " (" + String.join(", ", columns) + ") values ("
                + "?, ".repeat(columns.size() - 1) + "?)", rows);
    }

    @Override
    public void update(String table, List<String> keyColumns, List<String> valueColumns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int keys = keyColumns.size();
        // the statement takes the new values first, then the key
        List<Object[]> arguments = rows.stream().map(row -> {
            Object[] valuesThenKey = new Object[row.length];
            System.arraycopy(row, keys, valuesThenKey, 0, row.length - keys);
            System.arraycopy(row, 0, valuesThenKey, row.length - keys, keys);
            return valuesThenKey;
        }).toList();
        jdbc.batchUpdate("update " + table + " set " + assignments(valueColumns, ", ") + " where "
                + assignments(keyColumns, " and "), arguments);
    }

    @Override
    public int delete(String table, List<String> columns, List<Object[]> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        return Arrays.stream(jdbc.batchUpdate("delete from " + table + " where " + assignments(columns, " and "),
                keys)).map(count -> Math.max(count, 0)).sum();
    }

    private static String assignments(List<String> columns, String separator) {
        return columns.stream().map(column -> column + " = ?").collect(Collectors.joining(separator));
    }
}
