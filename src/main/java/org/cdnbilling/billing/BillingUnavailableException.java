package org.cdnbilling.billing;

/** Billing could not answer (down, timed out): a technical failure, not a business answer. */
public class BillingUnavailableException extends RuntimeException {

    public BillingUnavailableException(String message) {
        super(message);
    }

    public BillingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
