package org.cdnbilling.billing;

import java.time.Instant;

/** One account's billing period: what {@code bill}'s key is without the supplement. */
public record Period(long ownerId, BillType type, Instant start) implements Comparable<Period> {

    public Instant end() {
        return type.periodEnd(start);
    }

    @Override
    public int compareTo(Period other) {
        int c = Long.compare(ownerId, other.ownerId);
        if (c == 0) {
            c = type.compareTo(other.type);
        }
        return c != 0 ? c : start.compareTo(other.start);
    }

    @Override
    public String toString() {
        return type.wire() + " " + start;
    }
}
