package org.cdnbilling.order;

/** The lifecycle of an activation order. */
public enum OrderStatus {
    /** Accepted from the caller; the CDN service is being provisioned. */
    ACCEPTED,
    /** The CDN service is open. */
    ACTIVATED,
    /** Refused during activation; the account may order again. */
    REJECTED,
    /** Cancelled by an operator; the account may order again. */
    CANCELLED;

    /** Whether an order in this state blocks another order of the same account. */
    public boolean blocksNewOrders() {
        return this == ACCEPTED || this == ACTIVATED;
    }
}
