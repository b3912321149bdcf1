package org.cdnbilling.billing;

import java.math.BigDecimal;
import java.util.Optional;
import org.cdnbilling.account.Account;
import org.cdnbilling.account.Accounts;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/** Billing's answer from the account table, whose balance the ledger keeps (org.cdnbilling.ledger.Ledger). */
@Component
class AccountLedgerBilling implements BillingBackend {

    private final Accounts accounts;

    AccountLedgerBilling(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Optional<BigDecimal> availableBalance(long ownerId) {
        try {
            return accounts.findById(ownerId).map(Account::balance);
        } catch (DataAccessException e) {
            throw new BillingUnavailableException("balance of account " + ownerId + " could not be read", e);
        }
    }
}
