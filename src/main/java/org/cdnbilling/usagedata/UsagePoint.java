package org.cdnbilling.usagedata;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One {@code DataModule} of DescribeDomainUsageData.
 *
 * @param timeStamp the interval's start
 * @param peakTime for {@code bps} the start of the 5-minute interval of the peak, else {@code timeStamp}
 * @param value bytes summed ({@code traf}) or the peak in bit/s ({@code bps})
 */
record UsagePoint(Instant timeStamp, Instant peakTime, BigInteger value) {

    /**
     * A point per interval in {@code starts}, from the 5-minute totals (in time order, all within those
     * intervals). {@code traf}: the interval's bytes. {@code bps}: the highest 5-minute total of peakBps in the
     * interval (over the regions asked for, the regions' peaks of the same five minutes are added), the earliest
     * such five minutes as its peak time. An interval without usage is a point of value 0.
     */
    static List<UsagePoint> of(List<Instant> starts, DataInterval interval, UsageField field,
            List<FiveMinuteTotal> totals) {
        List<UsagePoint> points = new ArrayList<>(starts.size());
        Iterator<FiveMinuteTotal> samples = totals.iterator();
        FiveMinuteTotal sample = samples.hasNext() ? samples.next() : null;
        for (Instant start : starts) {
            Instant end = interval.next(start);
            BigInteger value = BigInteger.ZERO;
            Instant peakTime = start;
            while (sample != null && sample.start().isBefore(end)) {
                if (field == UsageField.traf) {
                    value = value.add(sample.bytes());
                } else if (sample.peakBps().compareTo(value) > 0) {
                    value = sample.peakBps();
                    peakTime = sample.start();
                }
                sample = samples.hasNext() ? samples.next() : null;
            }
            points.add(new UsagePoint(start, peakTime, value));
        }
        return points;
    }
}
