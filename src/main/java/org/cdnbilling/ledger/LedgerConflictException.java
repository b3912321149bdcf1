package org.cdnbilling.ledger;

/** A reference already used for another entry (another amount or kind): nothing was posted. */
public class LedgerConflictException extends RuntimeException {

    private final LedgerEntry existing;

    public LedgerConflictException(LedgerEntry existing) {
        super("Reference " + existing.reference() + " of account " + existing.ownerId() + " is already used by a "
                + existing.kind() + " entry of " + existing.amount());
        this.existing = existing;
    }

    public LedgerEntry existing() {
        return existing;
    }
}
