package org.cdnbilling.bench.pgwire;

import java.util.ArrayList;
import java.util.List;

/** The SQL texts the proxy sees: a simple query's statements, and a text as the tables print it. */
final class SqlText {

    static final String EMPTY = "(empty query)";

    private SqlText() {
    }

    /**
     * The statements of a simple query, split at semicolons outside single or double quotes, {@code --} and
     * block comments (dollar quoting is not recognised: such a text may count as more than one); an empty text
     * (pgjdbc's connection check, for one) is one statement, {@link #EMPTY}.
     */
    static List<String> statements(String query) {
        List<String> statements = new ArrayList<>(1);
        int start = 0;
        char quote = 0;
        int i = 0;
        int n = query.length();
        while (i < n) {
            char c = query.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '-' && i + 1 < n && query.charAt(i + 1) == '-') {
                int lineEnd = query.indexOf('\n', i);
                i = lineEnd < 0 ? n : lineEnd;
                continue;
            } else if (c == '/' && i + 1 < n && query.charAt(i + 1) == '*') {
                int commentEnd = query.indexOf("*/", i + 2);
                i = commentEnd < 0 ? n : commentEnd + 2;
                continue;
            } else if (c == ';') {
                add(statements, query.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        add(statements, query.substring(start));
        if (statements.isEmpty()) {
            statements.add(EMPTY);
        }
        return statements;
    }

    private static void add(List<String> statements, String statement) {
        String trimmed = statement.strip();
        if (!trimmed.isEmpty()) {
            statements.add(trimmed);
        }
    }

    /** pgjdbc's transaction preamble: {@code BEGIN} or {@code BEGIN READ ONLY}. */
    static boolean isBegin(String statement) {
        return statement.equalsIgnoreCase("BEGIN") || statement.equalsIgnoreCase("BEGIN READ ONLY");
    }

    /** A text on one line: runs of white space as one space (MyBatis's texts keep their mapper's layout). */
    static String oneLine(String sql) {
        String line = sql.strip().replaceAll("\\s+", " ");
        return line.isEmpty() ? EMPTY : line;
    }
}
