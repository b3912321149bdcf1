package org.cdnbilling.usagepartition;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A Beijing calendar day (00:00 to 24:00 at +08:00, 16:00Z to 16:00Z), the unit of the usage tables' partitions:
 * the day a {@code day_bandwidth} bill covers, and the days a Beijing month (the month-to-date of
 * {@code hour_flow}) is made of. Beijing has kept +08:00 since 1991, so a day is plain arithmetic on the epoch.
 *
 * @param epochDay the day's number as {@link LocalDate#toEpochDay()} counts Beijing dates
 */
public record BeijingDay(long epochDay) implements Comparable<BeijingDay> {

    static final long OFFSET_SECONDS = 8 * 3600;
    static final long SECONDS_PER_DAY = 86_400;

    /** The Beijing day that contains {@code instant}. */
    public static BeijingDay of(Instant instant) {
        return new BeijingDay(Math.floorDiv(instant.getEpochSecond() + OFFSET_SECONDS, SECONDS_PER_DAY));
    }

    public static BeijingDay of(LocalDate date) {
        return new BeijingDay(date.toEpochDay());
    }

    public LocalDate date() {
        return LocalDate.ofEpochDay(epochDay);
    }

    public Instant start() {
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY - OFFSET_SECONDS);
    }

    public Instant end() {
        return next().start();
    }

    public BeijingDay next() {
        return plusDays(1);
    }

    public BeijingDay plusDays(long days) {
        return new BeijingDay(epochDay + days);
    }

    public boolean isBefore(BeijingDay other) {
        return epochDay < other.epochDay;
    }

    @Override
    public int compareTo(BeijingDay other) {
        return Long.compare(epochDay, other.epochDay);
    }

    @Override
    public String toString() {
        return date().toString();
    }
}
