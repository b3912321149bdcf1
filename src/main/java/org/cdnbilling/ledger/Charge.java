package org.cdnbilling.ledger;

import java.math.BigDecimal;

/** An amount (zero or more, in cents) to deduct from an account once, whatever the number of attempts. */
public record Charge(long ownerId, BigDecimal amount, String reference) {

    public Charge {
        if (amount.signum() < 0 || amount.scale() > 2) {
            throw new IllegalArgumentException("a charge is a non-negative amount in cents: " + amount);
        }
    }
}
