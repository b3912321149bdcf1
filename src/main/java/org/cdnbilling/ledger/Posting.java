package org.cdnbilling.ledger;

/** The entry under a reference, and whether this call posted it ({@code false}: an earlier call had). */
public record Posting(LedgerEntry entry, boolean posted) {
}
