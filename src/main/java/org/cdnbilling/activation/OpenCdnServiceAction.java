package org.cdnbilling.activation;

import java.util.Map;
import org.cdnbilling.api.RpcAction;
import org.cdnbilling.api.RpcCall;
import org.cdnbilling.cdnservice.InternetChargeType;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.gateway.Caller;
import org.springframework.stereotype.Component;

/** {@code OpenCdnService}: activates the CDN service of the calling account. */
@Component
class OpenCdnServiceAction implements RpcAction {

    private final ActivationService activation;

    OpenCdnServiceAction(ActivationService activation) {
        this.activation = activation;
    }

    @Override
    public String name() {
        return "OpenCdnService";
    }

    @Override
    public Map<String, Object> handle(RpcCall call, Caller caller) {
        long ownerId = caller.ownerId();
        String chargeType = call.parameter("InternetChargeType")
                .orElseThrow(() -> new ApiException(ErrorCode.MISSING_PARAMETER, "InternetChargeType"));
        InternetChargeType type = InternetChargeType.fromWire(chargeType)
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_CHARGE_TYPE));
        activation.open(new OpenCdnServiceCommand(ownerId, type, call.requestId()));
        return Map.of();
    }
}
