package org.cdnbilling.ledger;

/** What changed a balance. */
public enum EntryKind {
    /** The balance an account had when it was created (or when the ledger was introduced). */
    OPENING_BALANCE,
    /** Money paid in. */
    TOP_UP,
    /** A bill deducted. */
    BILL
}
