package org.cdnbilling.usagedata;

import java.time.Instant;
import java.util.List;
import org.cdnbilling.api.RpcCall;
import org.cdnbilling.api.TimeRange;
import org.cdnbilling.api.TimeRangeCodes;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;

/**
 * The parameters of a DescribeDomainUsageData call, checked in this order with the codes of its documented table:
 * required ones present, the times, {@code Field}, {@code Type}, {@code DataProtocol}, {@code Area},
 * {@code Interval}, the range's length for the interval, and its start within the interval's history.
 */
record UsageDataRequest(TimeRange range, UsageField field, UsageArea area, DataInterval interval) {

    private static final TimeRangeCodes TIMES = new TimeRangeCodes(ErrorCode.INVALID_PARAMETER_START_TIME,
            ErrorCode.INVALID_PARAMETER_END_TIME, ErrorCode.TIMES_MALFORMED, ErrorCode.END_TIME_MISMATCH);
    private static final List<String> REQUIRED = List.of("StartTime", "EndTime", "Field");
    private static final String ALL = "all";

    static UsageDataRequest read(RpcCall call, Instant now) {
        for (String required : REQUIRED) {
            if (call.nonEmptyParameter(required).isEmpty()) {
                throw new ApiException(ErrorCode.MISSING_PARAMETER, required);
            }
        }
        TimeRange range = TIMES.read(call);
        UsageField field = call.nonEmptyParameter("Field").flatMap(UsageField::ofWire)
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_FIELD));
        if (!call.nonEmptyParameter("Type").orElse(ALL).equals(ALL)) {
            throw new ApiException(ErrorCode.INVALID_TYPE);
        }
        if (!call.nonEmptyParameter("DataProtocol").orElse(ALL).equals(ALL)) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER_UNNAMED);
        }
        UsageArea area = call.nonEmptyParameter("Area").map(value -> UsageArea.ofWire(value)
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_PARAMETER_UNNAMED))).orElse(UsageArea.DEFAULT);
        DataInterval interval = call.nonEmptyParameter("Interval").map(value -> DataInterval.ofWire(value)
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_INTERVAL)))
                .orElse(DataInterval.defaultFor(range.span()));
        if (range.span().compareTo(interval.maxSpan()) > 0) {
            throw new ApiException(ErrorCode.TIME_SPAN_TOO_LONG);
        }
        if (range.start().isBefore(now.minus(interval.history()))) {
            throw new ApiException(ErrorCode.START_TIME_NOT_SUPPORTED);
        }
        return new UsageDataRequest(range, field, area, interval);
    }
}
