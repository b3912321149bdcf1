package org.cdnbilling.rating.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.cdnbilling.rating.PriceBookVersion;
import org.cdnbilling.rating.PriceBooks;
import org.cdnbilling.rating.Region;
import org.springframework.util.unit.DataSize;

/** A price book version as operators read it: every region, decimals as strings, tier starts in bytes. */
record PriceBookVersionView(int version, Instant effectiveFrom, String currency, List<Long> trafficTierStarts,
        Map<Region, List<String>> traffic, List<Long> bandwidthTierLimitsMbps, Map<Region, List<String>> bandwidth,
        Instant createdAt) {

    static PriceBookVersionView of(PriceBookVersion version) {
        return new PriceBookVersionView(version.version(), version.effectiveFrom(), version.prices().currency(),
                version.prices().trafficTierStarts().stream().map(DataSize::toBytes).toList(),
                PriceBooks.strings(version.prices().traffic()), version.prices().bandwidthTierLimitsMbps(),
                PriceBooks.strings(version.prices().bandwidth()), version.createdAt());
    }
}
