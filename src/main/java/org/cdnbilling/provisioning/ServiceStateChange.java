package org.cdnbilling.provisioning;

/**
 * Taking an account's service offline or back online. The backend treats a repeated call with the same
 * {@code idempotencyKey} as the call it already did (a retried job, a node killed after the call).
 */
public record ServiceStateChange(long ownerId, String instanceId, String idempotencyKey) {
}
