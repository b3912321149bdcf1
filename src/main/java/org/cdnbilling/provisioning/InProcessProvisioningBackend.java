package org.cdnbilling.provisioning;

import org.springframework.stereotype.Component;

/**
 * The built-in control plane: a CDN service is one instance per account, named after the account, so
 * provisioning again yields the same instance.
 */
@Component
class InProcessProvisioningBackend implements ProvisioningBackend {

    @Override
    public ProvisionedService provision(ProvisioningRequest request) {
        return new ProvisionedService("cdn-" + request.ownerId());
    }
}
