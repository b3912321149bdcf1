package org.cdnbilling.provisioning;

/** The CDN control plane that sets up an account's service. */
public interface ProvisioningBackend {

    /**
     * Provisions the service of an order. Idempotent: provisioning the same order again returns the same
     * instance.
     *
     * @throws ProvisioningException if the backend failed or did not answer
     */
    ProvisionedService provision(ProvisioningRequest request);
}
