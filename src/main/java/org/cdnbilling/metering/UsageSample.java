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

    /**
     * The most bytes a sample may carry: 2^46 (64 TB), 1.9 Tbit/s sustained for five minutes by one account in one
     * region. At this bound every sum billing makes is exact in a signed 64-bit integer (and in the {@code bigint}
     * columns): a Beijing month of 744 hours of 12 samples in all 8 regions is 71,424 x 2^46 = 5.03 x 10^18, below
     * 2^63 - 1 = 9.22 x 10^18 (docs/billing.md, "Bounds of a sample").
     */
    public static final long MAX_BYTES = 1L << 46;

    /**
     * The highest peak a sample may carry: 10^15 bit/s (1 Pbit/s, 10^9 Mbps), more than 500 times the average rate
     * of a sample of {@link #MAX_BYTES}; the 8 regions' peaks added are 8 x 10^15, far below 2^63 - 1.
     */
    public static final long MAX_PEAK_BPS = 1_000_000_000_000_000L;

    public Key key() {
        return new Key(ownerId, region, start);
    }

    /** What identifies a sample: at most one is stored per key. */
    public record Key(long ownerId, Region region, Instant start) {
    }
}
