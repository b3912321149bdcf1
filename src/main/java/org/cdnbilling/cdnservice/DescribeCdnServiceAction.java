package org.cdnbilling.cdnservice;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cdnbilling.api.RpcAction;
import org.cdnbilling.api.RpcCall;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.gateway.Caller;
import org.cdnbilling.order.CdnOrder;
import org.cdnbilling.order.OrderStatus;
import org.cdnbilling.order.Orders;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code DescribeCdnService}: the service's charge type, opening time, pending change, instance and
 * operation locks. While an accepted order is still being activated, the answer carries the lock reason
 * {@code activating} and no opening time; while the service is suspended for an overdue payment, the lock reason
 * {@code financial} (Alibaba documents it as 欠费, overdue; this service sets it when the service is actually taken
 * offline, when {@code DescribeUserCdnStatus} reports {@code OnService=false}); an account that never ordered gets
 * {@code OperationDenied}.
 */
@Component
class DescribeCdnServiceAction implements RpcAction {

    static final String LOCK_ACTIVATING = "activating";
    static final String LOCK_FINANCIAL = "financial";

    private final CdnServiceInstances services;
    private final Orders orders;
    private final Clock clock;

    DescribeCdnServiceAction(CdnServiceInstances services, Orders orders, Clock clock) {
        this.services = services;
        this.orders = orders;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "DescribeCdnService";
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, Object> handle(RpcCall call, Caller caller) {
        Instant now = clock.instant();
        // the order first: an activation committing in between is then seen in the service read
        var liveOrder = orders.findByActiveOwnerId(caller.ownerId());
        var service = services.findByOwnerId(caller.ownerId());
        if (service.isPresent()) {
            return describe(service.get(), now);
        }
        CdnOrder activating = liveOrder.filter(order -> order.status() == OrderStatus.ACCEPTED)
                .orElseThrow(() -> new ApiException(ErrorCode.OPERATION_DENIED));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("InternetChargeType", activating.internetChargeType().name());
        body.put("InstanceId", "");
        body.put("OperationLocks", locks(true, false));
        return body;
    }

    private static Map<String, Object> describe(CdnServiceInstance service, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("InternetChargeType", service.chargeTypeAt(now).name());
        body.put("OpeningTime", utc(service.openedAt()));
        service.pendingChangeAt(now).ifPresent(change -> {
            body.put("ChangingChargeType", change.chargeType().name());
            body.put("ChangingAffectTime", utc(change.affectTime()));
        });
        body.put("InstanceId", service.instanceId());
        body.put("OperationLocks", locks(false, service.suspended()));
        return body;
    }

    private static Map<String, Object> locks(boolean activating, boolean suspended) {
        List<Map<String, String>> reasons = new java.util.ArrayList<>();
        if (activating) {
            reasons.add(Map.of("LockReason", LOCK_ACTIVATING));
        }
        if (suspended) {
            reasons.add(Map.of("LockReason", LOCK_FINANCIAL));
        }
        return Map.of("LockReason", reasons);
    }

    private static String utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
