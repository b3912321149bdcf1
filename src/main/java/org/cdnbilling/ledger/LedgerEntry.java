package org.cdnbilling.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One change of an account's balance: {@code amount} is signed (a bill is negative), {@code balanceAfter} the
 * balance once it was applied, {@code reference} unique per account (what makes posting it again harmless).
 */
public record LedgerEntry(long id, long ownerId, EntryKind kind, BigDecimal amount, BigDecimal balanceAfter,
        String reference, Instant createdAt) {
}
