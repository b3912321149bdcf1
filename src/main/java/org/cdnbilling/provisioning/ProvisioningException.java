package org.cdnbilling.provisioning;

/** The provisioning backend failed or did not answer: worth retrying later. */
public class ProvisioningException extends RuntimeException {

    public ProvisioningException(String message) {
        super(message);
    }

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
