package org.cdnbilling.order;

/** The account already has a live order: the database refused a second one. */
public class OrderAlreadyPlacedException extends RuntimeException {

    public OrderAlreadyPlacedException(long ownerId, Throwable cause) {
        super("Account " + ownerId + " already has a live order", cause);
    }
}
