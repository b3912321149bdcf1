package org.cdnbilling.ledger;

import java.math.BigDecimal;

/**
 * An amount in cents to deduct from an account once, whatever the number of attempts: positive a charge, negative
 * a credit back (a supplement whose re-rating came out lower), zero nothing.
 */
public record Charge(long ownerId, BigDecimal amount, String reference) {

    public Charge {
        if (amount.scale() > 2) {
            throw new IllegalArgumentException("a charge is an amount in cents: " + amount);
        }
    }
}
