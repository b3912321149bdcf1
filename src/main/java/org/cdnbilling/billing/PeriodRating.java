package org.cdnbilling.billing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.cdnbilling.cdnservice.ChargeTypeTimeline;
import org.cdnbilling.cdnservice.InternetChargeType;
import org.cdnbilling.rating.BandwidthRating;
import org.cdnbilling.rating.PriceBookVersion;
import org.cdnbilling.rating.RatedLine;
import org.cdnbilling.rating.Region;
import org.cdnbilling.rating.TrafficRating;
import org.springframework.stereotype.Component;

/**
 * Rates a period from its hours of usage: an hour's bytes per region continue the region's month-to-date total
 * (the earlier hours of the same Beijing month billed by traffic, every stored sample of them: the hours of days
 * billed by bandwidth were paid for by their peak and do not count); a Beijing day's peak per region is the
 * highest 5-minute peak of its hours. Priced with the price book version in force at the period's start (the
 * hour's start, or the Beijing day's), for its first bill and every supplement alike.
 */
@Component
class PeriodRating {

    /** A region's line and what it rated: bytes (hour_flow) or bit/s (day_bandwidth). */
    record Line(RatedLine rated, long quantity) {
    }

    /** The window of usage {@link #rate} needs for a period. */
    static Instant windowStart(Period period) {
        return period.type() == BillType.HOUR_FLOW ? BillType.beijingMonthStart(period.start()) : period.start();
    }

    /** The period's lines, one per region with samples in it, in region order, at the prices of {@code version}. */
    List<Line> rate(Period period, UsageAggregates.Hours hours, ChargeTypeTimeline timeline, PriceBookVersion version) {
        TrafficRating traffic = version.traffic();
        BandwidthRating bandwidth = version.bandwidth();
        boolean everByBandwidth = timeline.starts().containsValue(InternetChargeType.PayByBandwidth);
        List<Line> lines = new ArrayList<>();
        for (Region region : Region.values()) {
            NavigableMap<Instant, UsageAggregates.HourUsage> regionHours = hours.of(period.ownerId(), region);
            Map<Instant, UsageAggregates.HourUsage> inPeriod = regionHours.subMap(period.start(), true, period.end(),
                    false);
            if (inPeriod.isEmpty()) {
                continue;
            }
            if (period.type() == BillType.HOUR_FLOW) {
                // exact: a sum beyond 64 bits (stored before samples had bounds) throws, it never wraps round
                long bytes = inPeriod.values().stream().mapToLong(UsageAggregates.HourUsage::bytes)
                        .reduce(0, Math::addExact);
                long monthToDate = regionHours.subMap(windowStart(period), true, period.start(), false).entrySet()
                        .stream().filter(hour -> !everByBandwidth || billedByTraffic(hour.getKey(), timeline))
                        .mapToLong(hour -> hour.getValue().bytes()).reduce(0, Math::addExact);
                lines.add(new Line(traffic.rateHour(region, monthToDate, bytes), bytes));
            } else {
                long peak = inPeriod.values().stream().mapToLong(UsageAggregates.HourUsage::peakBps).max().orElse(0);
                lines.add(new Line(bandwidth.rateDay(region, peak), peak));
            }
        }
        return lines;
    }

    /** Whether an hour was billed by traffic: its Beijing day was PayByTraffic at its start (as {@link DueUsage}). */
    private static boolean billedByTraffic(Instant hour, ChargeTypeTimeline timeline) {
        return BillType.of(timeline.typeAt(BillType.beijingDayStart(hour))) == BillType.HOUR_FLOW;
    }
}
