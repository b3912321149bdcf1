package org.cdnbilling.ledger.web;

import java.math.BigDecimal;
import java.time.Instant;
import org.cdnbilling.ledger.EntryKind;
import org.cdnbilling.ledger.LedgerEntry;

/** One ledger entry as operators see it: the signed amount and the balance right after it. */
record LedgerEntryView(long id, EntryKind kind, BigDecimal amount, BigDecimal balanceAfter, String reference,
        Instant createdAt) {

    static LedgerEntryView of(LedgerEntry entry) {
        return new LedgerEntryView(entry.id(), entry.kind(), entry.amount(), entry.balanceAfter(), entry.reference(),
                entry.createdAt());
    }
}
