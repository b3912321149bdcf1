package org.cdnbilling.api;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;
import org.hibernate.exception.JDBCConnectionException;
import org.springframework.transaction.TransactionSystemException;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns every failure of an RPC call into a documented error body. Nothing of the internals reaches the
 * caller: unexpected failures are logged here and answered as {@code InternalError}.
 */
@RestControllerAdvice(assignableTypes = RpcController.class)
class RpcExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RpcExceptionHandler.class);

    private final RpcResponses responses;

    RpcExceptionHandler(RpcResponses responses) {
        this.responses = responses;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handle(Exception exception, HttpServletRequest request) {
        String requestId = RequestIds.of(request);
        ApiException apiException = documentedCause(exception);
        if (apiException == null) {
            apiException = translate(exception);
        }
        return responses.error(apiException, requestId);
    }

    private static ApiException documentedCause(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                if (api.getCause() != null) {
                    log.warn("{} answered because of: {}", api.errorCode().code(), api.getCause().toString());
                }
                return api;
            }
        }
        return null;
    }

    private static ApiException translate(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (isConcurrencyConflict(t)) {
                // not an outage: the actions take turns where they write the same rows, so this is a defect
                log.error("Request failed on a conflict with a concurrent request", exception);
                return new ApiException(ErrorCode.INTERNAL_ERROR);
            }
        }
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (isDatabaseUnavailable(t)) {
                log.warn("Database unavailable: {}", t.toString());
                return new ApiException(ErrorCode.SERVICE_UNAVAILABLE);
            }
        }
        log.error("Request failed unexpectedly", exception);
        return new ApiException(ErrorCode.INTERNAL_ERROR);
    }

    /**
     * A concurrent transaction won: an optimistic-lock (version) conflict, a lock that could not be had, a
     * deadlock or serialization failure. The database works; retrying later is no cure for such a defect.
     */
    private static boolean isConcurrencyConflict(Throwable t) {
        return t instanceof ConcurrencyFailureException || t instanceof jakarta.persistence.OptimisticLockException
                || t instanceof org.hibernate.StaleStateException || t instanceof SQLTransactionRollbackException;
    }

    /** The database cannot be reached or lost the connection (including a failed commit or rollback). */
    private static boolean isDatabaseUnavailable(Throwable t) {
        return t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                || t instanceof TransientDataAccessException || t instanceof TransactionSystemException
                || t instanceof org.hibernate.TransactionException || t instanceof JDBCConnectionException
                || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                || t instanceof SQLNonTransientConnectionException || t instanceof java.net.ConnectException
                || (t instanceof SQLException sql && (sql.getSQLState() != null && sql.getSQLState().startsWith("08")
                        || "Connection is closed".equals(sql.getMessage())));
    }
}
