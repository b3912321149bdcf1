package org.cdnbilling.provisioning;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The built-in control plane: a CDN service is one instance per account, named after the account, so
 * provisioning again yields the same instance.
 */
@Component
class InProcessProvisioningBackend implements ProvisioningBackend, ServiceSuspensionBackend {

    private static final Logger log = LoggerFactory.getLogger(InProcessProvisioningBackend.class);

    @Override
    public ProvisionedService provision(ProvisioningRequest request) {
        return new ProvisionedService("cdn-" + request.ownerId());
    }

    /** The built-in control plane serves no traffic itself: taking the service offline is recorded in the log. */
    @Override
    public void suspend(ServiceStateChange change) {
        log.info("CDN service {} of account {} taken offline ({})", change.instanceId(), change.ownerId(),
                change.idempotencyKey());
    }

    @Override
    public void resume(ServiceStateChange change) {
        log.info("CDN service {} of account {} back online ({})", change.instanceId(), change.ownerId(),
                change.idempotencyKey());
    }
}
