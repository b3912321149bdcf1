package org.cdnbilling.persistence;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;
import org.hibernate.exception.JDBCConnectionException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells whether a failure means that the database cannot be reached or lost the connection (including a failed
 * commit or rollback), whoever wrapped it: Spring's transaction managers and exception translation, Hibernate,
 * MyBatis inside Camunda ({@code ProcessEngineException}), HikariCP's timeout, the JDBC driver. Every API answers
 * such a failure with 503 in its own dialect; anything else stays what it was.
 * <p>
 * A conflict with a concurrent transaction (optimistic lock, lock timeout, deadlock, serialization failure) is not
 * an outage: the database works, and retrying later is no cure for such a defect.
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    /** Whether {@code failure} or one of its causes says that the database is unavailable (and none a conflict). */
    public static boolean isCause(Throwable failure) {
        if (isConcurrencyConflict(failure)) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (isUnavailable(t)) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getNextException() != null
                    && isUnavailable(sql.getNextException())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether {@code failure} or one of its causes is a conflict with a concurrent transaction. */
    public static boolean isConcurrencyConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyFailureException || t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof org.hibernate.StaleStateException || t instanceof SQLTransactionRollbackException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isUnavailable(Throwable t) {
        return t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                || t instanceof TransientDataAccessException || t instanceof TransactionSystemException
                || t instanceof org.hibernate.TransactionException || t instanceof JDBCConnectionException
                || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                || t instanceof SQLNonTransientConnectionException || t instanceof ConnectException
                || t instanceof SQLException sql && (unavailableState(sql.getSQLState())
                        || "Connection is closed".equals(sql.getMessage()));
    }

    /**
     * SQLSTATE classes 08 (connection exception), 53 (insufficient resources: too many connections, out of memory
     * or disk) and 57 (operator intervention: {@code pg_terminate_backend}, a shutting down or starting server, a
     * dropped database).
     */
    private static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57"));
    }
}
