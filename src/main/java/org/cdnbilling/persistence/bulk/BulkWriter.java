package org.cdnbilling.persistence.bulk;

import java.util.List;

/**
 * Writes many rows of one table at once, inside the caller's transaction: all of them or none. On PostgreSQL by
 * {@code COPY} (an insert) or a {@code COPY} into a temporary table joined with the table (an update, a
 * delete); on other databases by JDBC batches. Rows are written in the order given, so that two writers of the
 * same keys wait for each other in key order rather than deadlock. Table and column names are the
 * application's own, never a caller's.
 * <p>
 * Values: {@link Long}, {@link Integer}, {@link java.math.BigDecimal}, {@link String},
 * {@link java.time.OffsetDateTime} (stored as the instant it is) and {@code null}.
 */
public interface BulkWriter {

    /** Inserts the rows, each the values of {@code columns} in that order. */
    void insert(String table, List<String> columns, List<Object[]> rows);

    /**
     * Sets {@code valueColumns} of the rows found by {@code keyColumns}; each row holds the key's values, then the
     * new values. A key that matches no row changes nothing.
     */
    void update(String table, List<String> keyColumns, List<String> valueColumns, List<Object[]> rows);

    /**
     * Deletes the rows whose {@code columns} equal one of {@code keys}.
     *
     * @return the number of rows deleted
     */
    int delete(String table, List<String> columns, List<Object[]> keys);
}
