package org.cdnbilling.billing.reference;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A reference rater of one account, written from docs/billing.md and issue 24's rules alone, in plain
 * {@code BigDecimal}: what the account's bills must add up to, given every sample known so far, its charge types
 * and the price book's versions. It reads nothing of the application's rating code, so that the two can disagree.
 */
public final class ReferenceModel {

    /** "Hours UTC; days and months Beijing (UTC+8)". */
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    /** "A period is billed once it is closed and cdn.billing.usage-delay (1 hour) has passed". */
    static final Duration USAGE_DELAY = Duration.ofHours(1);
    static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(ReferencePrices.GB);
    static final BigDecimal BPS_PER_MBPS = BigDecimal.valueOf(1_000_000);

    /** A 5-minute sample, "keyed by (ownerId, region, start)". */
    public record Sample(String region, Instant start, long bytes, long peakBps) {
        public Instant hour() {
            return start.truncatedTo(ChronoUnit.HOURS);
        }
    }

    /** A period the account must have bills for: {@code hour_flow} (an hour) or {@code day_bandwidth} (a day). */
    public record Period(String billType, Instant start) implements Comparable<Period> {
        @Override
        public int compareTo(Period other) {
            int byStart = start.compareTo(other.start);
            return byStart != 0 ? byStart : billType.compareTo(other.billType);
        }
    }

    /** The rating of a period: its lines' amounts, their sum and what the period's bills must have charged so far. */
    public record Rating(Period period, String chargeType, int priceBookVersion, Map<String, BigDecimal> lines,
            BigDecimal ratedAmount) {
        /** "the period's charged total so far = ratedAmount rounded half-up to 0.01". */
        public BigDecimal charged() {
            return ratedAmount.setScale(2, RoundingMode.HALF_UP);
        }
    }

    private final ReferencePrices prices;
    private final Map<String, Sample> samples = new LinkedHashMap<>();
    /** The charge type from each instant on; the first entry is the one the service was opened with. */
    private final NavigableMap<Instant, String> chargeTypes = new TreeMap<>();

    /** An account whose service was opened with {@code chargeType}, rated at {@code prices}. */
    public ReferenceModel(ReferencePrices prices, String chargeType) {
        this.prices = prices;
        chargeTypes.put(Instant.EPOCH, chargeType);
    }

    // --- what the account did ---

    /**
     * "A sample is keyed by (ownerId, region, start). The same sample again is a duplicate (ignored, counted)".
     *
     * @return true if the sample is new, false for a duplicate
     * @throws IllegalArgumentException for another value under a known key (the API's 409)
     */
    public boolean add(Sample sample) {
        Sample known = samples.get(key(sample));
        if (known == null) {
            samples.put(key(sample), sample);
            return true;
        }
        if (!known.equals(sample)) {
            throw new IllegalArgumentException("another value for " + known);
        }
        return false;
    }

    public Sample known(String region, Instant start) {
        return samples.get(region + "@" + start);
    }

    public List<Sample> samples() {
        return List.copyOf(samples.values());
    }

    private static String key(Sample sample) {
        return sample.region() + "@" + sample.start();
    }

    /**
     * "ModifyCdnService changes the charge type from the next day, 00:00 Beijing time. The latest submission wins;
     * asking for the type in force withdraws a pending change."
     */
    public void modify(Instant requestedAt, String chargeType) {
        Instant effective = beijingDayStart(requestedAt).plus(1, ChronoUnit.DAYS);
        chargeTypes.tailMap(effective, true).clear();
        if (!chargeTypeAt(requestedAt).equals(chargeType)) {
            chargeTypes.put(effective, chargeType);
        }
    }

    /** "The charge type of a period is the service's charge type at its start". */
    public String chargeTypeAt(Instant instant) {
        return chargeTypes.floorEntry(instant).getValue();
    }

    // --- the rules ---

    /**
     * The periods due at {@code now} with usage and their ratings.
     * <ul>
     * <li>"PayByTraffic: one hour_flow bill per account and closed UTC hour with usage."
     * <li>"PayByBandwidth: one day_bandwidth bill per account and closed Beijing day (16:00Z to 16:00Z) with usage."
     * <li>"A period is billed once it is closed and cdn.billing.usage-delay (1 hour) has passed."
     * </ul>
     *
     * @param bandwidthDaysCount the open rule, see {@link #countsTowardMonthToDate}
     */
    public Map<Period, Rating> dueRatings(Instant now, boolean bandwidthDaysCount) {
        Map<Period, Rating> ratings = new TreeMap<>();
        for (Period period : periodsWithUsage()) {
            if (!isDue(period, now)) {
                continue;
            }
            ratings.put(period, period.billType().equals("hour_flow") ? rateHour(period.start(), bandwidthDaysCount)
                    : rateDay(period.start()));
        }
        return ratings;
    }

    static boolean isDue(Period period, Instant now) {
        Duration length = period.billType().equals("hour_flow") ? Duration.ofHours(1) : Duration.ofDays(1);
        return !period.start().plus(length).plus(USAGE_DELAY).isAfter(now);
    }

    private TreeSet<Period> periodsWithUsage() {
        TreeSet<Period> periods = new TreeSet<>();
        for (Sample sample : samples.values()) {
            periods.add(periodOf(sample.hour()));
        }
        return periods;
    }

    /** The period an hour belongs to: itself when billed by traffic, its Beijing day when by bandwidth. */
    Period periodOf(Instant hour) {
        Instant day = beijingDayStart(hour);
        // a change takes effect at 00:00 Beijing, so every hour of a day has the charge type of the day's start
        return chargeTypeAt(day).equals("PayByBandwidth") ? new Period("day_bandwidth", day)
                : new Period("hour_flow", hour);
    }

    /**
     * "Per region the hour's bytes continue the account's month-to-date total in the region (Beijing calendar
     * month), and the part of them beyond a tier's start is priced at that tier (progressive)", at the prices of
     * "the price book version in force at the hour's start". Each line "rounded half-up to 8 decimals;
     * ratedAmount = sum of the rounded lines".
     */
    Rating rateHour(Instant hour, boolean bandwidthDaysCount) {
        ReferencePrices.Version version = prices.inForceAt(hour);
        Instant monthStart = beijingMonthStart(hour);
        Map<String, Long> monthToDate = new TreeMap<>();
        Map<String, Long> hourBytes = new TreeMap<>();
        for (Sample sample : samples.values()) {
            Instant sampleHour = sample.hour();
            if (sampleHour.equals(hour)) {
                hourBytes.merge(sample.region(), sample.bytes(), Long::sum);
            } else if (!sampleHour.isBefore(monthStart) && sampleHour.isBefore(hour)
                    && countsTowardMonthToDate(sampleHour, bandwidthDaysCount)) {
                monthToDate.merge(sample.region(), sample.bytes(), Long::sum);
            }
        }
        Map<String, BigDecimal> lines = new TreeMap<>();
        hourBytes.forEach((region, bytes) -> lines.put(region,
                trafficAmount(version, region, monthToDate.getOrDefault(region, 0L), bytes)));
        return new Rating(new Period("hour_flow", hour), "PayByTraffic", version.version(), lines, sum(lines));
    }

    /**
     * The rule Alibaba's documents leave open (issue 24 item 7): whether the bytes of hours billed by bandwidth count
     * toward the month-to-date of a later hour billed by traffic. docs/billing.md decides they do not ("the bytes of a
     * Beijing day billed by bandwidth do not count toward it, also after a switch back to PayByTraffic in the same
     * month"), so the property runs with {@code bandwidthDaysCount} false; every hour billed by traffic counts.
     */
    boolean countsTowardMonthToDate(Instant earlierHour, boolean bandwidthDaysCount) {
        return bandwidthDaysCount || chargeTypeAt(beijingDayStart(earlierHour)).equals("PayByTraffic");
    }

    /** Bytes priced progressively: the part of [monthToDate, monthToDate + bytes) in each tier at its price per GB. */
    static BigDecimal trafficAmount(ReferencePrices.Version version, String region, long monthToDate, long bytes) {
        BigDecimal amount = BigDecimal.ZERO;
        long[] starts = ReferencePrices.TRAFFIC_TIER_STARTS;
        for (int tier = 0; tier < starts.length; tier++) {
            long from = Math.max(monthToDate, starts[tier]);
            long to = tier + 1 < starts.length ? Math.min(monthToDate + bytes, starts[tier + 1]) : monthToDate + bytes;
            if (to > from) {
                BigDecimal gigabytes = new BigDecimal(to - from).divide(BYTES_PER_GB); // exact: a power of two
                amount = amount.add(gigabytes.multiply(version.trafficPrice(region, tier)));
            }
        }
        return amount.setScale(8, RoundingMode.HALF_UP);
    }

    /**
     * "Per region the day's peak, the highest peakBps of its samples, is priced whole at the tier it reaches"
     * (≤ 500 Mbps tier 1, ≤ 5 Gbps tier 2, ≤ 20 Gbps tier 3, above tier 4), at the version in force at the
     * Beijing day's start; each line rounded half-up to 8 decimals.
     */
    Rating rateDay(Instant day) {
        ReferencePrices.Version version = prices.inForceAt(day);
        Instant end = day.plus(1, ChronoUnit.DAYS);
        Map<String, Long> peaks = new TreeMap<>();
        for (Sample sample : samples.values()) {
            if (!sample.start().isBefore(day) && sample.start().isBefore(end)) {
                peaks.merge(sample.region(), sample.peakBps(), Math::max);
            }
        }
        Map<String, BigDecimal> lines = new TreeMap<>();
        peaks.forEach((region, peak) -> {
            BigDecimal mbps = new BigDecimal(peak).divide(BPS_PER_MBPS);
            int tier = 0;
            while (tier < ReferencePrices.BANDWIDTH_TIER_LIMITS_MBPS.length
                    && mbps.compareTo(ReferencePrices.BANDWIDTH_TIER_LIMITS_MBPS[tier]) > 0) {
                tier++;
            }
            lines.put(region, mbps.multiply(version.bandwidthPrice(region, tier)).setScale(8, RoundingMode.HALF_UP));
        });
        return new Rating(new Period("day_bandwidth", day), "PayByBandwidth", version.version(), lines, sum(lines));
    }

    private static BigDecimal sum(Map<String, BigDecimal> lines) {
        return lines.values().stream().reduce(BigDecimal.ZERO.setScale(8), BigDecimal::add);
    }

    /**
     * Whether a new sample would change the month-to-date of a traffic hour after its own that was billed by
     * {@code billedAt} (a later hour of the same Beijing month with bytes in the same region): the case of issue 24
     * item 2, which a property run without it leaves out.
     */
    public boolean wouldReTierABilledHour(Sample sample, Instant billedAt) {
        if (sample.bytes() == 0) {
            return false;
        }
        Instant monthStart = beijingMonthStart(sample.hour());
        return samples.values().stream().anyMatch(other -> other.region().equals(sample.region())
                && other.hour().isAfter(sample.hour()) && beijingMonthStart(other.hour()).equals(monthStart)
                && periodOf(other.hour()).billType().equals("hour_flow")
                && isDue(periodOf(other.hour()), billedAt));
    }

    /**
     * The unit price per GB that the next byte of a region in an hour would have, at the month-to-date of the
     * hour's traffic-billed earlier hours (for the generator of quantities near a half cent).
     */
    public BigDecimal trafficUnitPrice(String region, Instant hour) {
        Instant monthStart = beijingMonthStart(hour);
        long monthToDate = samples.values().stream().filter(s -> s.region().equals(region)
                && !s.hour().isBefore(monthStart) && !s.hour().isAfter(hour)).mapToLong(Sample::bytes).sum();
        int tier = 0;
        while (tier + 1 < ReferencePrices.TRAFFIC_TIER_STARTS.length
                && monthToDate >= ReferencePrices.TRAFFIC_TIER_STARTS[tier + 1]) {
            tier++;
        }
        return prices.inForceAt(hour).trafficPrice(region, tier);
    }

    // --- Beijing calendar ---

    public static Instant beijingDayStart(Instant instant) {
        return instant.atZone(BEIJING).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    public static Instant beijingMonthStart(Instant instant) {
        return instant.atZone(BEIJING).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        lines.add("charge types " + chargeTypes);
        samples.values().forEach(s -> lines.add(Objects.toString(s)));
        return String.join("\n", lines);
    }
}
