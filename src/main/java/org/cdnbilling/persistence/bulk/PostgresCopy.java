package org.cdnbilling.persistence.bulk;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** PostgreSQL's {@code COPY ... FROM STDIN} on a connection (of the caller's transaction), through pgjdbc. */
public final class PostgresCopy {

    private PostgresCopy() {
    }

    /** Where rows in COPY's text format go, a chunk at a time. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] chunk) throws SQLException;
    }

    /** Writes the rows of a COPY to its sink, in chunks of whole lines. */
    @FunctionalInterface
    public interface Rows {
        void writeTo(Sink sink) throws SQLException;
    }

    /**
     * Sends {@code rows} (COPY's text format, one line per row) to the {@code copy ... from stdin} statement; a
     * COPY that fails part-way is cancelled, so the connection stays usable for the rollback.
     */
    public static void copyIn(Connection connection, String copyStatement, byte[] rows) throws SQLException {
        copyIn(connection, copyStatement, sink -> sink.write(rows));
    }

    /** As {@link #copyIn(Connection, String, byte[])}, the text streamed in chunks as {@code rows} makes them. */
    public static void copyIn(Connection connection, String copyStatement, Rows rows) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copyStatement);
        try {
            rows.writeTo(chunk -> copy.writeToCopy(chunk, 0, chunk.length));
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
