package org.cdnbilling.ledger;

/** The ledger was asked to post to an account that does not exist. */
public class UnknownAccountException extends RuntimeException {

    public UnknownAccountException(long ownerId) {
        super("No account with OwnerId " + ownerId);
    }
}
