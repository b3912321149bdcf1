package org.cdnbilling.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The real time shifted by an offset a test can move forward, to reach tomorrow without waiting. */
public class ShiftableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public void shift(Duration by) {
        offset = offset.plus(by);
    }

    /**
     * Moves this clock forward to the next time the given local time of day begins in {@code zone}, so that a
     * test can run far from a day boundary there (say, noon in Beijing: twelve hours before the next billing
     * day begins) whenever it runs. Only forward: what the application stored stays in its past.
     */
    public void moveForwardTo(LocalTime timeOfDay, ZoneId zone) {
        ZonedDateTime now = instant().atZone(zone);
        ZonedDateTime target = now.with(timeOfDay);
        if (!target.isAfter(now)) {
            target = now.plusDays(1).with(timeOfDay);
        }
        shift(Duration.between(now, target));
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    /** Import into a test to make the application use a shiftable clock. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        @Primary
        ShiftableClock shiftableClock() {
            return new ShiftableClock();
        }
    }
}
