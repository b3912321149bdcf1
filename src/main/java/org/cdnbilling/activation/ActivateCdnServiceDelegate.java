package org.cdnbilling.activation;

import static org.cdnbilling.activation.Rejections.reject;

import java.time.Clock;
import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cdnbilling.cdnservice.CdnServiceInstance;
import org.cdnbilling.cdnservice.ChargeTypeHistory;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.order.CdnOrder;
import org.cdnbilling.order.Orders;
import org.cdnbilling.provisioning.ProvisionedService;
import org.cdnbilling.provisioning.ProvisioningException;
import org.cdnbilling.provisioning.ProvisioningRequest;
import org.cdnbilling.provisioning.ProvisioningTimeoutException;
import org.cdnbilling.provisioning.TimeLimitedProvisioning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.cdnbilling.api.RequestIds;
import org.springframework.stereotype.Component;

/**
 * Activate CDN service (asynchronous, retried): provisions the service and records it as opened. A
 * failing or silent backend throws (calls are time-limited), so the engine retries the job and, after the
 * last try, raises an incident.
 */
@Component
public class ActivateCdnServiceDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(ActivateCdnServiceDelegate.class);

    private final Orders orders;
    private final CdnServiceInstances services;
    private final ChargeTypeHistory chargeTypes;
    private final TimeLimitedProvisioning provisioning;
    private final Clock clock;
    private final ActivationMetrics metrics;

    ActivateCdnServiceDelegate(Orders orders, CdnServiceInstances services, ChargeTypeHistory chargeTypes,
            TimeLimitedProvisioning provisioning, Clock clock, ActivationMetrics metrics) {
        this.orders = orders;
        this.services = services;
        this.chargeTypes = chargeTypes;
        this.provisioning = provisioning;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String requestId = ActivationVariables.of(execution).requestId();
        try (var ignored = MDC.putCloseable(RequestIds.MDC_REQUEST_ID, requestId)) {
            activate(execution);
        }
    }

    private void activate(DelegateExecution execution) {
        long orderId = ActivationVariables.orderId(execution);
        CdnOrder order = orders.findById(orderId)
                .orElseThrow(() -> new IllegalStateException("Order " + orderId + " does not exist"));
        if (services.existsByOwnerId(order.ownerId())) {
            order.markRejected(ErrorCode.SERVICE_HAS_OPENED.code(), clock.instant());
            ActivationMetrics.afterCommit(() -> metrics.rejected(ErrorCode.SERVICE_HAS_OPENED.code()));
            throw reject(ErrorCode.SERVICE_HAS_OPENED);
        }
        ProvisionedService provisioned;
        try {
            provisioned = provisioning.provision(
                    new ProvisioningRequest(orderId, order.ownerId(), order.internetChargeType()));
        } catch (ProvisioningTimeoutException e) {
            throw new ActivationFailedException(orderId, order.ownerId(),
                    "the provisioning backend " + e.getMessage(), e);
        } catch (ProvisioningException e) {
            throw new ActivationFailedException(orderId, order.ownerId(),
                    "the provisioning backend answered: " + e.getMessage(), e);
        }
        chargeTypes.opened(services.save(CdnServiceInstance.openedFor(order.ownerId(), orderId,
                provisioned.instanceId(), order.internetChargeType(), clock.instant())));
        order.markActivated(clock.instant());
        Duration sinceAccepted = Duration.between(order.createdAt(), order.activatedAt());
        ActivationMetrics.afterCommit(() -> metrics.activated(sinceAccepted));
        log.info("Order {} activated: CDN service {} opened", orderId, provisioned.instanceId());
    }
}
