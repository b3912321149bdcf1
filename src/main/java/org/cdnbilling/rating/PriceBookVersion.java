package org.cdnbilling.rating;

import java.time.Instant;

/**
 * A version of the price book: its prices are in force from {@code effectiveFrom} (a UTC hour) until the next
 * version's. Versions are immutable; version 1 is in force from 1970-01-01T00:00:00Z.
 */
public record PriceBookVersion(int version, Instant effectiveFrom, PriceBook prices, Instant createdAt) {

    public TrafficRating traffic() {
        return new TrafficRating(prices);
    }

    public BandwidthRating bandwidth() {
        return new BandwidthRating(prices);
    }
}
