package org.cdnbilling.persistence.bulk;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** PostgreSQL's {@code COPY ... FROM STDIN} on a connection (of the caller's transaction), through pgjdbc. */
public final class PostgresCopy {

    private PostgresCopy() {
    }

    /**
     * Sends {@code rows} (COPY's text format, one line per row) to the {@code copy ... from stdin} statement; a
     * COPY that fails part-way is cancelled, so the connection stays usable for the rollback.
     */
    public static void copyIn(Connection connection, String copyStatement, byte[] rows) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copyStatement);
        try {
            copy.writeToCopy(rows, 0, rows.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
