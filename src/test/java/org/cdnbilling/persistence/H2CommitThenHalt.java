package org.cdnbilling.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Run in a JVM of its own by {@link EmbeddedH2CrashSafetyTest}: commits rows one transaction at a time on the
 * H2 URL given as argument, says so, and halts at once, as a process killed with SIGKILL would (no shutdown
 * hook, no close of the database).
 */
final class H2CommitThenHalt {

    static final int ROWS = 20;

    private H2CommitThenHalt() {
    }

    public static void main(String[] args) throws SQLException {
        Connection connection = DriverManager.getConnection(args[0], "sa", "");
        try (Statement statement = connection.createStatement()) {
            statement.execute("create table accepted_order (id int primary key)");
            connection.setAutoCommit(false);
            for (int id = 1; id <= ROWS; id++) {
                statement.executeUpdate("insert into accepted_order values (" + id + ")");
                connection.commit();
            }
        }
        System.out.println("committed " + ROWS);
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}
