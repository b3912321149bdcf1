package org.cdnbilling.billapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.cdnbilling.api.RpcAction;
import org.cdnbilling.api.RpcCall;
import org.cdnbilling.api.TimeRange;
import org.cdnbilling.api.TimeRangeCodes;
import org.cdnbilling.cdnservice.BillingDay;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.gateway.Caller;
import org.springframework.stereotype.Component;

/**
 * {@code DescribeCdnUserBillPrediction}: Alibaba estimates only monthly billing types ({@code month_95} and the
 * other {@code month_*} types). This service bills {@code hour_flow} and {@code day_bandwidth}, neither monthly,
 * so once its parameters are found valid every call answers the documented {@code BillTypeNotFound} ("not found
 * or not the monthly billing type"), an account without a service included.
 * <p>
 * Parameters, all optional: {@code StartTime} (default 00:00 Beijing time of the current month's first day),
 * {@code EndTime} (default now), at most 31 days apart; {@code Dimension} {@code flow}; {@code Area} a
 * comma-separated list of {@code CN}, {@code OverSeas}, {@code AP1} ... {@code MEAA}.
 */
@Component
class DescribeCdnUserBillPredictionAction implements RpcAction {

    private static final Duration MAX_SPAN = Duration.ofDays(31);
    private static final Set<String> AREAS = Set.of("CN", "OverSeas", "AP1", "AP2", "AP3", "NA", "SA", "EU", "MEAA");
    private static final TimeRangeCodes TIMES = new TimeRangeCodes(ErrorCode.START_TIME_MALFORMED,
            ErrorCode.END_TIME_MALFORMED, ErrorCode.PREDICTION_TIME_MALFORMED, ErrorCode.END_TIME_MISMATCH);

    private final Clock clock;

    DescribeCdnUserBillPredictionAction(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "DescribeCdnUserBillPrediction";
    }

    @Override
    public Map<String, Object> handle(RpcCall call, Caller caller) {
        Instant now = clock.instant();
        Instant monthStart = now.atZone(BillingDay.BEIJING).toLocalDate().withDayOfMonth(1)
                .atStartOfDay(BillingDay.BEIJING).toInstant();
        TimeRange range = TIMES.read(call, monthStart, now);
        if (range.span().compareTo(MAX_SPAN) > 0) {
            throw new ApiException(ErrorCode.TIME_SPAN_TOO_LONG);
        }
        call.nonEmptyParameter("Dimension").filter(dimension -> !BillType.DIMENSION.equals(dimension))
                .ifPresent(dimension -> {
                    throw new ApiException(ErrorCode.INVALID_PARAMETER_UNNAMED);
                });
        call.nonEmptyParameter("Area").ifPresent(areas -> {
            for (String area : areas.split(",", -1)) {
                if (!AREAS.contains(area)) {
                    throw new ApiException(ErrorCode.INVALID_PARAMETER_UNNAMED);
                }
            }
        });
        throw new ApiException(ErrorCode.BILL_TYPE_NOT_FOUND);
    }
}
