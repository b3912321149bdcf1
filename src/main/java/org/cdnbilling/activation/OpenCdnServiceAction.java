package org.cdnbilling.activation;

import io.micrometer.core.instrument.Timer;
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
    private final ActivationMetrics metrics;

    OpenCdnServiceAction(ActivationService activation, ActivationMetrics metrics) {
        this.activation = activation;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "OpenCdnService";
    }

    @Override
    public Map<String, Object> handle(RpcCall call, Caller caller) {
        Timer.Sample request = metrics.startRequest();
        String outcome = "failed";
        try {
            open(call, caller.ownerId());
            metrics.accepted();
            outcome = "accepted";
            return Map.of();
        } catch (ApiException e) {
            metrics.rejected(e.errorCode().code());
            outcome = "rejected";
            throw e;
        } finally {
            metrics.requestDone(request, outcome);
        }
    }

    private void open(RpcCall call, long ownerId) {
        String chargeType = call.parameter("InternetChargeType")
                .orElseThrow(() -> new ApiException(ErrorCode.MISSING_PARAMETER, "InternetChargeType"));
        InternetChargeType type = InternetChargeType.fromWire(chargeType)
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_CHARGE_TYPE));
        activation.open(new OpenCdnServiceCommand(ownerId, type, call.requestId()));
    }
}
