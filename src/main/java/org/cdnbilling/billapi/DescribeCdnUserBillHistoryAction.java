package org.cdnbilling.billapi;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cdnbilling.api.RpcAction;
import org.cdnbilling.api.RpcCall;
import org.cdnbilling.api.TimeRange;
import org.cdnbilling.api.TimeRangeCodes;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.gateway.Caller;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code DescribeCdnUserBillHistory}: the billed quantities of the periods whose start ({@code BillTime}) lies in
 * [StartTime, EndTime), at most 31 days. One {@code BillHistoryDataItem} per bill type and period, from the
 * period's latest bill (supplements included: a supplement holds the period's whole re-rated quantity), with a
 * {@code BillingDataItem} per region: {@code Flow} in bytes ({@code hour_flow}) or {@code Bandwidth} in bit/s
 * ({@code day_bandwidth}).
 */
@Component
class DescribeCdnUserBillHistoryAction implements RpcAction {

    static final Duration MAX_SPAN = Duration.ofDays(31);
    private static final TimeRangeCodes TIMES = new TimeRangeCodes(ErrorCode.START_TIME_MALFORMED,
            ErrorCode.END_TIME_MALFORMED, ErrorCode.TIMES_MALFORMED, ErrorCode.END_TIME_MISMATCH);

    private final BillHistoryStore bills;
    private final CdnServiceInstances services;

    DescribeCdnUserBillHistoryAction(BillHistoryStore bills, CdnServiceInstances services) {
        this.bills = bills;
        this.services = services;
    }

    @Override
    public String name() {
        return "DescribeCdnUserBillHistory";
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, Object> handle(RpcCall call, Caller caller) {
        TimeRange range = TIMES.read(call);
        if (range.span().compareTo(MAX_SPAN) > 0) {
            throw new ApiException(ErrorCode.TIME_SPAN_TOO_LONG);
        }
        if (!services.existsByOwnerId(caller.ownerId())) {
            throw new ApiException(ErrorCode.CDN_SERVICE_NOT_OPENED);
        }
        List<Map<String, Object>> items = bills.latestBills(caller.ownerId(), range.start(), range.end()).stream()
                .map(DescribeCdnUserBillHistoryAction::item).toList();
        return Map.of("BillHistoryData", Map.of("BillHistoryDataItem", items));
    }

    private static Map<String, Object> item(PeriodBill bill) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("Dimension", BillType.DIMENSION);
        item.put("BillType", bill.billType().wire());
        item.put("BillTime", TimeRange.format(bill.periodStart()));
        List<Map<String, Object>> lines = bill.lines().stream().map(line -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put(bill.billType().quantityField(), line.quantity());
            data.put("CdnRegion", line.region());
            return data;
        }).toList();
        item.put("BillingData", Map.of("BillingDataItem", lines));
        return item;
    }
}
