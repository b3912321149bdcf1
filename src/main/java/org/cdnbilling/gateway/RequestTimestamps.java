package org.cdnbilling.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;

/** Checks a signed request's UTC timestamp ({@code 2024-01-01T12:00:00Z}) against the clock. */
final class RequestTimestamps {

    private RequestTimestamps() {
    }

    /** The request's time, if it is well-formed and within the tolerance of the clock. */
    static Instant check(String timestamp, Clock clock, Duration tolerance) {
        Instant at;
        try {
            if (!timestamp.endsWith("Z") || timestamp.length() < 20 || timestamp.charAt(10) != 'T') {
                throw new ApiException(ErrorCode.TIMESTAMP_FORMAT);
            }
            at = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.TIMESTAMP_FORMAT);
        }
        Duration skew = Duration.between(at, clock.instant()).abs();
        if (skew.compareTo(tolerance) > 0) {
            throw new ApiException(ErrorCode.TIMESTAMP_EXPIRED);
        }
        return at;
    }
}
