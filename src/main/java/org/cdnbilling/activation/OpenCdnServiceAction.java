package org.cdnbilling.activation;

import io.micrometer.core.instrument.Timer;
import java.util.Map;
import org.cdnbilling.api.Callers;
import org.cdnbilling.api.RpcAction;
import org.cdnbilling.api.RpcCall;
import org.cdnbilling.cdnservice.InternetChargeType;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.springframework.stereotype.Component;

/** {@code OpenCdnService}: activates the CDN service of the calling account. */
@Component
class OpenCdnServiceAction implements RpcAction {

    private final Callers callers;
    private final ActivationService activation;
    private final ActivationMetrics metrics;

    OpenCdnServiceAction(Callers callers, ActivationService activation, ActivationMetrics metrics) {
        this.callers = callers;
        this.activation = activation;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "OpenCdnService";
    }

    @Override
    public Map<String, Object> handle(RpcCall call) {
        Timer.Sample request = metrics.startRequest();
        String outcome = "failed";
        try {
            open(call);
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

    private void open(RpcCall call) {
        long ownerId = callers.ownerOf(call);
        String chargeType = call.parameter("InternetChargeType")
                .orElseThrow(() -> new ApiException(ErrorCode.MISSING_PARAMETER, "InternetChargeType"));
        InternetChargeType type = InternetChargeType.fromWire(chargeType)
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_CHARGE_TYPE));
        activation.open(new OpenCdnServiceCommand(ownerId, type, call.requestId()));
    }
}
