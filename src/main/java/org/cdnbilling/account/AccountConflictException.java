package org.cdnbilling.account;

/**
 * An account sync that conflicts with another account or with a concurrent sync of the same account: nothing
 * was stored. The admin API answers 409; repeating the request (after resolving a taken ownerAccount) succeeds.
 */
public class AccountConflictException extends RuntimeException {

    public AccountConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
