package org.cdnbilling.activation;

import static org.cdnbilling.activation.Rejections.reject;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cdnbilling.account.Account;
import org.cdnbilling.account.Accounts;
import org.cdnbilling.error.ErrorCode;
import org.springframework.stereotype.Component;

/** Verify payment method: the account has a valid way to pay. */
@Component
public class VerifyPaymentMethodDelegate implements JavaDelegate {

    private final Accounts accounts;

    VerifyPaymentMethodDelegate(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long ownerId = ActivationVariables.of(execution).ownerId();
        boolean valid = accounts.findById(ownerId).map(Account::payMethodValid).orElse(false);
        if (!valid) {
            throw reject(ErrorCode.INVALID_PAY_METHOD);
        }
    }
}
