package org.cdnbilling.api;

import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;

/**
 * A request body passed {@code cdn.http.max-body-size} while it was read ({@link BodyLimitFilter}). Whoever reads
 * the body gets it from the stream's {@code read}; each API answers 413 in its own dialect.
 */
public class RequestBodyTooLargeException extends ApiException {

    public RequestBodyTooLargeException() {
        super(ErrorCode.REQUEST_BODY_TOO_LARGE);
    }

    /** Whether {@code failure} or one of its causes is a body that passed the limit. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyTooLargeException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
