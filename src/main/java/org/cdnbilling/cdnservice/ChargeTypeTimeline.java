package org.cdnbilling.cdnservice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The charge types of one account's service over time: the type it opened with from its opening, then each
 * change from its effective time (a pending change included, from the time it takes effect).
 */
public record ChargeTypeTimeline(NavigableMap<Instant, InternetChargeType> starts) {

    public ChargeTypeTimeline {
        starts = new TreeMap<>(starts);
    }

    /** When the service opened. */
    public Instant opened() {
        return starts.firstKey();
    }

    /**
     * The type in force at {@code instant}; before the opening, the type it opened with (the first period of a
     * service opened mid-day is billed by the type it opened with).
     */
    public InternetChargeType typeAt(Instant instant) {
        Map.Entry<Instant, InternetChargeType> entry = starts.floorEntry(instant);
        return (entry == null ? starts.firstEntry() : entry).getValue();
    }

    /** The windows of consecutive types that overlap [from, to), clipped to it and to the opening. */
    public List<ChargeTypeWindow> windows(Instant from, Instant to) {
        List<ChargeTypeWindow> windows = new ArrayList<>();
        Instant start = null;
        InternetChargeType type = null;
        for (Map.Entry<Instant, InternetChargeType> entry : starts.entrySet()) {
            if (type != null && entry.getValue() == type) {
                continue;
            }
            if (type != null) {
                add(windows, start, entry.getKey(), type, from, to);
            }
            start = entry.getKey();
            type = entry.getValue();
        }
        add(windows, start, Instant.MAX, type, from, to);
        return windows;
    }

    private static void add(List<ChargeTypeWindow> windows, Instant start, Instant end, InternetChargeType type,
            Instant from, Instant to) {
        Instant clippedStart = start.isBefore(from) ? from : start;
        Instant clippedEnd = end.isAfter(to) ? to : end;
        if (clippedStart.isBefore(clippedEnd)) {
            windows.add(new ChargeTypeWindow(clippedStart, clippedEnd, type));
        }
    }
}
