package org.cdnbilling.error;

/** A request refused with a documented error code. */
public class ApiException extends RuntimeException {

    private final ErrorCode errorCode;
    private final String parameter;

    public ApiException(ErrorCode errorCode) {
        this(errorCode, null, null);
    }

    public ApiException(ErrorCode errorCode, String parameter) {
        this(errorCode, parameter, null);
    }

    public ApiException(ErrorCode errorCode, String parameter, Throwable cause) {
        super(errorCode.code() + ": " + errorCode.message(parameter), cause);
        this.errorCode = errorCode;
        this.parameter = parameter;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /** The message the caller receives. */
    public String callerMessage() {
        return errorCode.message(parameter);
    }
}
