package org.cdnbilling.order;

import java.time.Clock;
import org.cdnbilling.cdnservice.InternetChargeType;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/** Orders in the order table; the unique constraint on live orders decides concurrent placements. */
@Component
public class JpaOrderBook implements OrderBook {

    private final Orders orders;
    private final Clock clock;

    JpaOrderBook(Orders orders, Clock clock) {
        this.orders = orders;
        this.clock = clock;
    }

    @Override
    public CdnOrder place(long ownerId, InternetChargeType chargeType, String requestId) {
        try {
            return orders.saveAndFlush(CdnOrder.accept(ownerId, chargeType, requestId, clock.instant()));
        } catch (DataIntegrityViolationException e) {
            throw new OrderAlreadyPlacedException(ownerId, e);
        }
    }
}
