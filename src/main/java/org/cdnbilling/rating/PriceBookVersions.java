package org.cdnbilling.rating;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Every version of the price book as the database held them when read, oldest first. A version takes effect only
 * from a future hour, so versions read at the start of a billing partition are right for every period already
 * closed.
 */
public record PriceBookVersions(List<PriceBookVersion> all) {

    public PriceBookVersions {
        all = all.stream().sorted(Comparator.comparing(PriceBookVersion::effectiveFrom)).toList();
        if (all.isEmpty()) {
            throw new IllegalStateException("no price book version is stored (they are seeded at start-up)");
        }
    }

    /** The version in force at {@code instant}: the one with the latest effectiveFrom not after it. */
    public PriceBookVersion inForceAt(Instant instant) {
        PriceBookVersion inForce = null;
        for (PriceBookVersion version : all) {
            if (version.effectiveFrom().isAfter(instant)) {
                break;
            }
            inForce = version;
        }
        if (inForce == null) {
            throw new IllegalStateException("no price book version is in force at " + instant);
        }
        return inForce;
    }

    public PriceBookVersion latest() {
        return all.get(all.size() - 1);
    }
}
