package org.cdnbilling.activation;

import static org.cdnbilling.activation.Rejections.reject;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cdnbilling.account.Account;
import org.cdnbilling.account.Accounts;
import org.cdnbilling.error.ErrorCode;
import org.springframework.stereotype.Component;

/** Verify profile: real-name verified, profile complete, allowed on its site, not a bid user. */
@Component
public class VerifyProfileDelegate implements JavaDelegate {

    private final Accounts accounts;

    VerifyProfileDelegate(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long ownerId = ActivationVariables.of(execution).ownerId();
        Account account = accounts.findById(ownerId)
                .orElseThrow(() -> reject(ErrorCode.USER_PROFILE_INCOMPLETE));
        if (!account.realNameVerified()) {
            throw reject(ErrorCode.NO_REAL_NAME_AUTHENTICATION);
        }
        if (!account.profileComplete()) {
            throw reject(ErrorCode.USER_PROFILE_INCOMPLETE);
        }
        if (!account.mayOpenOnItsSite()) {
            throw reject(ErrorCode.FORBIDDEN_INTL);
        }
        if (account.bidUser()) {
            throw reject(ErrorCode.FORBIDDEN_BID_USER);
        }
    }
}
