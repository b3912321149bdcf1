package org.cdnbilling.activation;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.cdnbilling.error.ErrorCode;

/** A business rejection inside the process: a {@code BpmnError} carrying the documented code. */
final class Rejections {

    private Rejections() {
    }

    static BpmnError reject(ErrorCode errorCode) {
        return new BpmnError(errorCode.code(), errorCode.message());
    }
}
