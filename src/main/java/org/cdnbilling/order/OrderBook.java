package org.cdnbilling.order;

import org.cdnbilling.cdnservice.InternetChargeType;

/** Where accepted orders are recorded. */
public interface OrderBook {

    /**
     * Records an accepted order.
     *
     * @throws OrderAlreadyPlacedException if the account already has a live order
     * @throws org.springframework.dao.DataAccessException if the order could not be stored
     */
    CdnOrder place(long ownerId, InternetChargeType chargeType, String requestId);
}
