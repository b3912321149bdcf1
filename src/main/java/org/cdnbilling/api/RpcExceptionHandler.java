package org.cdnbilling.api;

import jakarta.servlet.http.HttpServletRequest;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.persistence.DatabaseUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
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
        if (DatabaseUnavailable.isConcurrencyConflict(exception)) {
            // not an outage: the actions take turns where they write the same rows, so this is a defect
            log.error("Request failed on a conflict with a concurrent request", exception);
            return new ApiException(ErrorCode.INTERNAL_ERROR);
        }
        if (DatabaseUnavailable.isCause(exception)) {
            log.warn("Database unavailable: {}", exception.toString());
            return new ApiException(ErrorCode.SERVICE_UNAVAILABLE);
        }
        log.error("Request failed unexpectedly", exception);
        return new ApiException(ErrorCode.INTERNAL_ERROR);
    }
}
