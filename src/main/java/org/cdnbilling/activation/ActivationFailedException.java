package org.cdnbilling.activation;

/**
 * The CDN service of an accepted order could not be provisioned this time. Its message becomes the
 * incident an operator reads when the retries are used up, so it names the order, the account, the step
 * and the cause in plain words.
 */
public class ActivationFailedException extends RuntimeException {

    public ActivationFailedException(long orderId, long ownerId, String cause, Throwable exception) {
        super("Order " + orderId + " of account " + ownerId + " is not activated: the step 'Activate CDN service' "
                + "failed because " + cause, exception);
    }
}
