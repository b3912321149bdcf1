package org.cdnbilling.ledger;

import java.util.List;
import java.util.OptionalLong;

/**
 * Entries of one account in id order (oldest first), and whether the account has entries after them
 * ({@code more}: read on with {@code after} = {@link #nextAfter()}).
 */
public record LedgerPage(List<LedgerEntry> entries, boolean more) {

    public LedgerPage {
        entries = List.copyOf(entries);
    }

    /** The id to read on after, if there are more entries. */
    public OptionalLong nextAfter() {
        return more ? OptionalLong.of(entries.get(entries.size() - 1).id()) : OptionalLong.empty();
    }
}
