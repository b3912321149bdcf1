package org.cdnbilling.activation;

import static org.cdnbilling.activation.Rejections.reject;

import java.math.BigDecimal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cdnbilling.billing.BillingBackend;
import org.cdnbilling.billing.BillingUnavailableException;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * Check balance: billing must know the account and its balance must be positive. Billing being down is a
 * technical failure: the request fails with {@code QueryInfoError} and nothing is kept.
 */
@Component
public class CheckBalanceDelegate implements JavaDelegate {

    private final BillingBackend billing;

    CheckBalanceDelegate(BillingBackend billing) {
        this.billing = billing;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long ownerId = ActivationVariables.of(execution).ownerId();
        BigDecimal balance;
        try {
            balance = billing.availableBalance(ownerId).orElseThrow(() -> reject(ErrorCode.QUERY_INFO_ERROR));
        } catch (BillingUnavailableException e) {
            throw new ApiException(ErrorCode.QUERY_INFO_ERROR, null, e);
        }
        if (balance.signum() <= 0) {
            throw reject(ErrorCode.INSUFFICIENT_BALANCE);
        }
    }
}
