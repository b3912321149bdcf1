package org.cdnbilling.overdue;

/** The provisioning backend did not take a service offline or back online: the job is retried, then an incident. */
class ServiceSwitchFailedException extends RuntimeException {

    ServiceSwitchFailedException(String what, long ownerId, RuntimeException cause) {
        super(what + " the CDN service of account " + ownerId + " failed: " + cause.getMessage(), cause);
    }
}
