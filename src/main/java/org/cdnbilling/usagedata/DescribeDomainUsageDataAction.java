package org.cdnbilling.usagedata;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cdnbilling.api.RpcAction;
import org.cdnbilling.api.RpcCall;
import org.cdnbilling.api.TimeRange;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.gateway.Caller;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code DescribeDomainUsageData} for the account's whole usage (the posted 5-minute samples): {@code Field}
 * {@code traf} or {@code bps}, {@code Area} (default {@code CN}), {@code Interval} 300, 3600 or 86400 (Beijing
 * days). A point for every interval that overlaps [StartTime, EndTime) and has begun by now, zero where there
 * was no usage; values are strings, as documented. This service has no domains: without {@code DomainName}
 * (or with it empty) the answer is the account's whole usage, with one it is {@code InvalidDomain.NotFound}.
 */
@Component
class DescribeDomainUsageDataAction implements RpcAction {

    private final UsageTotals usage;
    private final CdnServiceInstances services;
    private final Clock clock;

    DescribeDomainUsageDataAction(UsageTotals usage, CdnServiceInstances services, Clock clock) {
        this.usage = usage;
        this.services = services;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "DescribeDomainUsageData";
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, Object> handle(RpcCall call, Caller caller) {
        Instant now = clock.instant();
        UsageDataRequest request = UsageDataRequest.read(call, now);
        if (!services.existsByOwnerId(caller.ownerId())) {
            throw new ApiException(ErrorCode.OPERATION_DENIED);
        }
        if (call.nonEmptyParameter("DomainName").isPresent()) {
            throw new ApiException(ErrorCode.DOMAIN_NOT_FOUND);
        }
        TimeRange range = request.range();
        DataInterval interval = request.interval();
        List<UsagePoint> points = points(caller.ownerId(), request, now);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("DomainName", "");
        body.put("StartTime", TimeRange.format(range.start()));
        body.put("EndTime", TimeRange.format(range.end()));
        body.put("Type", request.field().name());
        body.put("Area", request.area().wire());
        body.put("DataInterval", interval.wire());
        body.put("UsageDataPerInterval", Map.of("DataModule", points.stream().map(point -> {
            Map<String, Object> module = new LinkedHashMap<>();
            module.put("TimeStamp", TimeRange.format(point.timeStamp()));
            module.put("PeakTime", TimeRange.format(point.peakTime()));
            module.put("Value", point.value().toString());
            module.put("SpecialValue", point.value().toString());
            return module;
        }).toList()));
        return body;
    }

    private List<UsagePoint> points(long ownerId, UsageDataRequest request, Instant now) {
        TimeRange range = request.range();
        DataInterval interval = request.interval();
        Instant limit = range.end().isBefore(now) ? range.end() : now;
        List<Instant> starts = new ArrayList<>();
        for (Instant start = interval.floor(range.start()); start.isBefore(limit); start = interval.next(start)) {
            starts.add(start);
        }
        if (starts.isEmpty()) {
            return List.of();
        }
        Instant to = interval.next(starts.get(starts.size() - 1));
        return UsagePoint.of(starts, interval, request.field(),
                usage.fiveMinuteTotals(ownerId, request.area().regions(), starts.get(0), to));
    }
}
