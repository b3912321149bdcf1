package org.cdnbilling.usagedata;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.cdnbilling.cdnservice.BillingDay;

/**
 * The {@code Interval} of DescribeDomainUsageData, with the documented limits: the longest range one call may
 * ask for, and how far back data may be asked for. Five minutes and hours are UTC intervals; days are Beijing
 * calendar days (00:00+08:00, i.e. 16:00Z), as the bills'.
 */
enum DataInterval {
    FIVE_MINUTES(300, Duration.ofDays(3), Duration.ofDays(93)),
    HOUR(3600, Duration.ofDays(31), Duration.ofDays(186)),
    DAY(86400, Duration.ofDays(31), Duration.ofDays(366));

    private final int seconds;
    private final Duration maxSpan;
    private final Duration history;

    DataInterval(int seconds, Duration maxSpan, Duration history) {
        this.seconds = seconds;
        this.maxSpan = maxSpan;
        this.history = history;
    }

    static Optional<DataInterval> ofWire(String value) {
        for (DataInterval interval : values()) {
            if (Integer.toString(interval.seconds).equals(value)) {
                return Optional.of(interval);
            }
        }
        return Optional.empty();
    }

    /**
     * The interval of a call without {@code Interval}, as documented: hours for a range of one to three days,
     * days beyond (so at most 31 days, one month, as documented); five minutes for less than a day (the
     * documentation names no interval for that).
     */
    static DataInterval defaultFor(Duration span) {
        if (span.compareTo(Duration.ofDays(1)) < 0) {
            return FIVE_MINUTES;
        }
        return span.compareTo(Duration.ofDays(3)) <= 0 ? HOUR : DAY;
    }

    String wire() {
        return Integer.toString(seconds);
    }

    Duration maxSpan() {
        return maxSpan;
    }

    Duration history() {
        return history;
    }

    /** The start of the interval that contains {@code instant}. */
    Instant floor(Instant instant) {
        if (this == DAY) {
            return instant.atZone(BillingDay.BEIJING).toLocalDate().atStartOfDay(BillingDay.BEIJING).toInstant();
        }
        long epoch = instant.getEpochSecond();
        return Instant.ofEpochSecond(epoch - Math.floorMod(epoch, seconds));
    }

    /** The start of the interval after the one that starts at {@code start}. */
    Instant next(Instant start) {
        return start.plusSeconds(seconds);
    }
}
