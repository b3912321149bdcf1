package org.cdnbilling.account;

import java.math.BigDecimal;

/** An account sync named another balance for an existing account: balances change through the ledger only. */
public class BalanceChangeRefusedException extends RuntimeException {

    public BalanceChangeRefusedException(long ownerId, BigDecimal balance) {
        super("The balance of account " + ownerId + " is " + balance.toPlainString()
                + "; an existing account's balance changes only through ledger entries: credit money with "
                + "POST /admin/accounts/" + ownerId + "/top-ups");
    }
}
