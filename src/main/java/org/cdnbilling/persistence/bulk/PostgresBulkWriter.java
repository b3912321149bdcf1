package org.cdnbilling.persistence.bulk;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /**
     * Text is sent in chunks of about this many characters: one text of a partition's rows (a megabyte or more)
     * was a humongous object to G1 at the production heap of 512 MiB, allocated straight into the old
     * generation.
     */
    private static final int CHUNK = 64 * 1024;

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
        PostgresCopy.copyIn(connection, "copy " + table + " (" + String.join(", ", columns) + ") from stdin", sink -> {
            // a partition's rows share a few instants (its periods, its run's time): each is formatted once
            Map<OffsetDateTime, String> instants = new HashMap<>();
            StringBuilder text = new StringBuilder(CHUNK + 4096);
            for (Object[] row : rows) {
                if (row.length != columns.size()) {
                    throw new IllegalArgumentException(row.length + " values for the " + columns.size()
                            + " columns " + columns + " of " + table);
                }
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    append(text, row[i], instants);
                }
                text.append('\n');
                if (text.length() >= CHUNK) {
                    sink.write(text.toString().getBytes(StandardCharsets.UTF_8));
                    text.setLength(0);
                }
            }
            if (!text.isEmpty()) {
                sink.write(text.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** A value in COPY's text format: {@code \N} for null, backslash escapes in text. */
    private static void append(StringBuilder text, Object value, Map<OffsetDateTime, String> instants) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof BigDecimal decimal) {
            text.append(decimal.toPlainString());
        } else if (value instanceof Long || value instanceof Integer) {
            text.append(value);
        } else if (value instanceof OffsetDateTime time) {
            // an instant with seconds always written out, which timestamp with time zone reads exactly
            text.append(instants.computeIfAbsent(time, t -> t.toInstant().toString()));
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
