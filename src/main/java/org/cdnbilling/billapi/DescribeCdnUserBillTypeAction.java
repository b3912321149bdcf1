package org.cdnbilling.billapi;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cdnbilling.api.RpcAction;
import org.cdnbilling.api.RpcCall;
import org.cdnbilling.api.TimeRange;
import org.cdnbilling.api.TimeRangeCodes;
import org.cdnbilling.cdnservice.ChargeTypeHistory;
import org.cdnbilling.cdnservice.ChargeTypeTimeline;
import org.cdnbilling.cdnservice.ChargeTypeWindow;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.gateway.Caller;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code DescribeCdnUserBillType}: the account's billing types over [StartTime, EndTime) (at most 31 days) as
 * consecutive windows, clipped to the range and to the service's opening; a pending {@code ModifyCdnService}
 * change shows from the time it takes effect. {@code PayByTraffic} is {@code hour_flow} billed by the hour,
 * {@code PayByBandwidth} {@code day_bandwidth} billed by the day.
 */
@Component
class DescribeCdnUserBillTypeAction implements RpcAction {

    private static final Duration MAX_SPAN = Duration.ofDays(31);
    private static final String PRODUCT = "cdn";
    // no code for both malformed in this API's table: the start is named first
    private static final TimeRangeCodes TIMES = new TimeRangeCodes(ErrorCode.INVALID_PARAMETER_START_TIME,
            ErrorCode.INVALID_PARAMETER_END_TIME, ErrorCode.INVALID_PARAMETER_START_TIME, ErrorCode.INVALID_TIME_RANGE);

    private final ChargeTypeHistory history;

    DescribeCdnUserBillTypeAction(ChargeTypeHistory history) {
        this.history = history;
    }

    @Override
    public String name() {
        return "DescribeCdnUserBillType";
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, Object> handle(RpcCall call, Caller caller) {
        TimeRange range = TIMES.read(call);
        if (range.span().compareTo(MAX_SPAN) > 0) {
            throw new ApiException(ErrorCode.INVALID_TIME_RANGE);
        }
        ChargeTypeTimeline timeline = history.timeline(caller.ownerId())
                .orElseThrow(() -> new ApiException(ErrorCode.CDN_SERVICE_NOT_OPENED));
        List<Map<String, Object>> items = timeline.windows(range.start(), range.end()).stream()
                .map(DescribeCdnUserBillTypeAction::item).toList();
        return Map.of("BillTypeData", Map.of("BillTypeDataItem", items));
    }

    private static Map<String, Object> item(ChargeTypeWindow window) {
        BillType type = BillType.of(window.chargeType());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("StartTime", TimeRange.format(window.start()));
        item.put("EndTime", TimeRange.format(window.end()));
        item.put("Product", PRODUCT);
        item.put("Dimension", BillType.DIMENSION);
        item.put("BillType", type.wire());
        item.put("BillingCycle", type.billingCycle());
        return item;
    }
}
