package org.cdnbilling.metering;

import java.time.Instant;
import org.cdnbilling.rating.Region;

/**
 * Five minutes of one account's CDN usage in one region.
 *
 * @param start the interval's UTC start, on a 5-minute boundary
 * @param bytes traffic delivered in the interval
 * @param peakBps the interval's peak bandwidth, bit/s
 */
public record UsageSample(long ownerId, Region region, Instant start, long bytes, long peakBps) {

    public Key key() {
        return new Key(ownerId, region, start);
    }

    /** What identifies a sample: at most one is stored per key. */
    public record Key(long ownerId, Region region, Instant start) {
    }
}
