package org.cdnbilling.account.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.cdnbilling.account.Account;
import org.cdnbilling.account.Site;
import org.cdnbilling.cdnservice.CdnServiceInstance;
import org.cdnbilling.order.CdnOrder;

/** An account as operators see it: its profile, its CDN service and its orders. */
record AccountView(
        long ownerId,
        String ownerAccount,
        boolean realNameVerified,
        boolean profileComplete,
        Site site,
        boolean intlAllowed,
        boolean bidUser,
        boolean payMethodValid,
        BigDecimal balance,
        Instant updatedAt,
        CdnServiceView cdnService,
        List<OrderView> orders) {

    record CdnServiceView(String instanceId, String internetChargeType, String status, Instant openingTime,
            Long orderId) {
    }

    record OrderView(long orderId, String internetChargeType, String status, String requestId, String endReason,
            Instant createdAt, Instant updatedAt, Instant activatedAt) {
    }

    static AccountView of(Account account, CdnServiceInstance service, List<CdnOrder> orders) {
        var profile = account.profile();
        return new AccountView(account.ownerId(), profile.ownerAccount(), profile.realNameVerified(),
                profile.profileComplete(), profile.site(), profile.intlAllowed(), profile.bidUser(),
                profile.payMethodValid(), profile.balance(), account.updatedAt(),
                service == null ? null : new CdnServiceView(service.instanceId(), service.internetChargeType().name(),
                        service.status().name(), service.openedAt(), service.orderId()),
                orders.stream().map(o -> new OrderView(o.id(), o.internetChargeType().name(), o.status().name(),
                        o.requestId(), o.endReason(), o.createdAt(), o.updatedAt(), o.activatedAt())).toList());
    }
}
