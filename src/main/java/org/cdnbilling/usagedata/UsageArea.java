package org.cdnbilling.usagedata;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.cdnbilling.rating.Region;

/**
 * The {@code Area} of DescribeDomainUsageData: one billing region, {@code OverSeas} (every region but the
 * Chinese mainland) or {@code all} (documented as both {@code all} and {@code All}).
 *
 * @param wire as the caller wrote it, echoed in the answer
 */
record UsageArea(String wire, Set<Region> regions) {

    static final UsageArea DEFAULT = new UsageArea("CN", EnumSet.of(Region.CN));

    static Optional<UsageArea> ofWire(String value) {
        if ("all".equals(value) || "All".equals(value)) {
            return Optional.of(new UsageArea(value, EnumSet.allOf(Region.class)));
        }
        if ("OverSeas".equals(value)) {
            return Optional.of(new UsageArea(value, EnumSet.complementOf(EnumSet.of(Region.CN))));
        }
        return Region.fromWire(value).map(region -> new UsageArea(value, EnumSet.of(region)));
    }
}
