package org.cdnbilling.billing;

/**
 * A partition of a billing run, or an account set aside, could not be billed; nothing of it was written. The message
 * names the accounts, the periods and the cause: it is what Cockpit shows as the incident once the retries are used
 * up.
 */
public class PartitionBillingException extends RuntimeException {

    PartitionBillingException(String accounts, String periods, Throwable cause) {
        super("Billing of " + accounts + " failed (" + periods + "): " + (cause instanceof PartitionBilling.RatingFailure
                ? cause.getMessage() : cause.getClass().getSimpleName() + ": "
                        + org.springframework.core.NestedExceptionUtils.getMostSpecificCause(cause).getMessage()), cause);
    }
}
