package org.cdnbilling.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;

/**
 * How one action refuses its {@code StartTime} and {@code EndTime}: the documented code when only the start is
 * malformed, only the end, both, and when the end is not after the start. Times are UTC in exactly the
 * documented form {@code yyyy-MM-ddTHH:mm:ssZ} (a real date and time). A parameter sent empty counts as not
 * sent: a required one answers {@code MissingParameter}, an optional one takes its default.
 */
public record TimeRangeCodes(ErrorCode startMalformed, ErrorCode endMalformed, ErrorCode bothMalformed,
        ErrorCode endNotAfterStart) {

    /** Four-digit years only: Instant also reads years such as +10000, which no database column holds. */
    private static final Pattern FORMAT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    /** Both times required. */
    public TimeRange read(RpcCall call) {
        return read(call, null, null);
    }

    /**
     * @param defaultStart the start when none is sent; null if {@code StartTime} is required
     * @param defaultEnd the end when none is sent; null if {@code EndTime} is required
     */
    public TimeRange read(RpcCall call, Instant defaultStart, Instant defaultEnd) {
        Optional<String> start = call.nonEmptyParameter("StartTime");
        Optional<String> end = call.nonEmptyParameter("EndTime");
        if (start.isEmpty() && defaultStart == null) {
            throw new ApiException(ErrorCode.MISSING_PARAMETER, "StartTime");
        }
        if (end.isEmpty() && defaultEnd == null) {
            throw new ApiException(ErrorCode.MISSING_PARAMETER, "EndTime");
        }
        Optional<Instant> startTime = start.isEmpty() ? Optional.of(defaultStart) : parse(start.get());
        Optional<Instant> endTime = end.isEmpty() ? Optional.of(defaultEnd) : parse(end.get());
        if (startTime.isEmpty() && endTime.isEmpty()) {
            throw new ApiException(bothMalformed);
        }
        if (startTime.isEmpty()) {
            throw new ApiException(startMalformed);
        }
        if (endTime.isEmpty()) {
            throw new ApiException(endMalformed);
        }
        if (!endTime.get().isAfter(startTime.get())) {
            throw new ApiException(endNotAfterStart);
        }
        return new TimeRange(startTime.get(), endTime.get());
    }

    /** The instant of a time written {@code yyyy-MM-ddTHH:mm:ssZ}, if it is one. */
    static Optional<Instant> parse(String value) {
        if (!FORMAT.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            Instant instant = Instant.parse(value);
            // written back the same: no fraction, offset, 24:00 or leap second
            return TimeRange.format(instant).equals(value) ? Optional.of(instant) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
