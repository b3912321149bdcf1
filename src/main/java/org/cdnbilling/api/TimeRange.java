package org.cdnbilling.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A call's {@code StartTime} (inclusive) to {@code EndTime} (exclusive). */
public record TimeRange(Instant start, Instant end) {

    public Duration span() {
        return Duration.between(start, end);
    }

    /** An instant as the API writes times: UTC, {@code yyyy-MM-ddTHH:mm:ssZ}. */
    public static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
