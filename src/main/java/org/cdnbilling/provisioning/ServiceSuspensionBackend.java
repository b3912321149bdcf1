package org.cdnbilling.provisioning;

/** The CDN control plane's switch that takes an account's service offline and back online. */
public interface ServiceSuspensionBackend {

    /**
     * Takes the service offline (an overdue account): its domains stop being served. Idempotent per key.
     *
     * @throws ProvisioningException if the backend failed or did not answer
     */
    void suspend(ServiceStateChange change);

    /**
     * Brings a suspended service back online. Idempotent per key.
     *
     * @throws ProvisioningException if the backend failed or did not answer
     */
    void resume(ServiceStateChange change);
}
