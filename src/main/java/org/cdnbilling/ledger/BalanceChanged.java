package org.cdnbilling.ledger;

import java.math.BigDecimal;

/**
 * Published (synchronously, inside the posting transaction) whenever entries changed an account's balance, so
 * that what depends on the balance (an overdue account's settlement) commits or rolls back with the entry.
 */
public record BalanceChanged(long ownerId, BigDecimal before, BigDecimal after) {

    public boolean wentBelowZero() {
        return before.signum() >= 0 && after.signum() < 0;
    }

    public boolean settled() {
        return before.signum() < 0 && after.signum() >= 0;
    }
}
