package org.cdnbilling.activation;

import static org.cdnbilling.activation.ActivationProcess.VAR_CHARGE_TYPE;
import static org.cdnbilling.activation.ActivationProcess.VAR_ORDER_ID;
import static org.cdnbilling.activation.ActivationProcess.VAR_OWNER_ID;
import static org.cdnbilling.activation.ActivationProcess.VAR_REQUEST_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.cdnbilling.cdnservice.InternetChargeType;

/** Typed reads of the ids the activation process carries. */
record ActivationVariables(long ownerId, InternetChargeType chargeType, String requestId) {

    static ActivationVariables of(DelegateExecution execution) {
        return new ActivationVariables(
                ((Number) execution.getVariable(VAR_OWNER_ID)).longValue(),
                InternetChargeType.valueOf((String) execution.getVariable(VAR_CHARGE_TYPE)),
                (String) execution.getVariable(VAR_REQUEST_ID));
    }

    static long orderId(DelegateExecution execution) {
        return ((Number) execution.getVariable(VAR_ORDER_ID)).longValue();
    }
}
