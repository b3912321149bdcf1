package org.cdnbilling.persistence.bulk;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL: rows go over {@code COPY ... FROM STDIN} (pgjdbc's CopyManager, text format) on the connection of
 * the caller's transaction: an insert straight into the table (its keys and constraints checked as by an insert,
 * a duplicate failing the whole COPY), an update or a delete through a temporary table of the rows, joined with
 * the table by one statement. A batch of single-row statements costs PostgreSQL a parse, plan and index descent
 * per row; this is one statement per table (docs/performance.md, "Billing benchmark").
 */
final class PostgresBulkWriter implements BulkWriter {

    private static final String ROWS = "bulk_rows";

    private final JdbcTemplate jdbc;

    PostgresBulkWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            copy(connection, table, columns, rows);
            return null;
        });
    }

    @Override
    public void update(String table, List<String> keyColumns, List<String> valueColumns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> columns = concat(keyColumns, valueColumns);
        throughRows(table, columns, rows, "update " + table + " t set "
                + valueColumns.stream().map(c -> c + " = r." + c).collect(Collectors.joining(", "))
                + " from " + ROWS + " r where " + matching(keyColumns));
    }

    @Override
    public int delete(String table, List<String> columns, List<Object[]> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        return throughRows(table, columns, keys, "delete from " + table + " t using " + ROWS + " r where "
                + matching(columns));
    }

    /** COPYs the rows into a temporary table with the table's column types, runs the statement, drops it. */
    private int throughRows(String table, List<String> columns, List<Object[]> rows, String statement) {
        return jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (Statement sql = connection.createStatement()) {
                sql.execute("create temporary table " + ROWS + " on commit drop as select " + String.join(", ", columns)
                        + " from " + table + " with no data");
                copy(connection, ROWS, columns, rows);
                sql.execute("analyze " + ROWS);
                int changed = sql.executeUpdate(statement);
                sql.execute("drop table " + ROWS);
                return changed;
            }
        });
    }

    private static void copy(Connection connection, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        StringBuilder text = new StringBuilder(rows.size() * 16 * columns.size());
        for (Object[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException(row.length + " values for the " + columns.size() + " columns "
                        + columns + " of " + table);
            }
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                append(text, row[i]);
            }
            text.append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        PostgresCopy.copyIn(connection, "copy " + table + " (" + String.join(", ", columns) + ") from stdin", bytes);
    }

    /** A value in COPY's text format: {@code \N} for null, backslash escapes in text. */
    static void append(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof BigDecimal decimal) {
            text.append(decimal.toPlainString());
        } else if (value instanceof Long || value instanceof Integer) {
            text.append(value);
        } else if (value instanceof OffsetDateTime time) {
            // an instant with seconds always written out, which timestamp with time zone reads exactly
            text.append(time.toInstant());
        } else if (value instanceof String string) {
            for (int i = 0; i < string.length(); i++) {
                char c = string.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\t' -> text.append("\\t");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> text.append(c);
                }
            }
        } else {
            throw new IllegalArgumentException("no COPY text for a " + value.getClass().getName());
        }
    }

    private static String matching(List<String> keyColumns) {
        return keyColumns.stream().map(c -> "t." + c + " = r." + c).collect(Collectors.joining(" and "));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
