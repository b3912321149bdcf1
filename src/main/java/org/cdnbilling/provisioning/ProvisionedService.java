package org.cdnbilling.provisioning;

/** What the control plane set up: the service's instance id. */
public record ProvisionedService(String instanceId) {
}
