package org.cdnbilling.chargetype;

import java.util.Map;
import org.cdnbilling.api.RpcAction;
import org.cdnbilling.api.RpcCall;
import org.cdnbilling.cdnservice.InternetChargeType;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.gateway.Caller;
import org.springframework.stereotype.Component;

/** {@code ModifyCdnService}: changes the charge type from the next day, 00:00 Beijing time. */
@Component
class ModifyCdnServiceAction implements RpcAction {

    private final ChargeTypeChanges changes;

    ModifyCdnServiceAction(ChargeTypeChanges changes) {
        this.changes = changes;
    }

    @Override
    public String name() {
        return "ModifyCdnService";
    }

    @Override
    public Map<String, Object> handle(RpcCall call, Caller caller) {
        String value = call.parameter("InternetChargeType")
                .orElseThrow(() -> new ApiException(ErrorCode.MISSING_PARAMETER, "InternetChargeType"));
        InternetChargeType chargeType = InternetChargeType.fromWire(value)
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_PARAMETER, "InternetChargeType"));
        changes.submit(caller.ownerId(), chargeType, call.requestId());
        return Map.of();
    }
}
