package org.cdnbilling.account.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.cdnbilling.account.Account;
import org.cdnbilling.account.Site;
import org.cdnbilling.cdnservice.CdnServiceInstance;
import org.cdnbilling.order.CdnOrder;
import org.cdnbilling.overdue.Debt;

/**
 * An account as operators see it: its profile, its CDN service (status OPENED or SUSPENDED), its orders, its debt
 * (the latest, open or closed; null if it never had one) and whether its balance is low (Alibaba's low-balance
 * alert: it will not cover the next three hourly bills or the next daily bill).
 */
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
        boolean lowBalance,
        CdnServiceView cdnService,
        List<OrderView> orders,
        DebtView debt) {

    /** A debt: IN_GRACE, OVERDUE (grace over, suspended or being suspended), SETTLED (being resumed) or CLOSED. */
    record DebtView(long debtId, String state, Instant startedAt, Instant graceEndsAt, Instant overdueAt,
            Instant suspensionRequestedAt, Instant suspendedAt, Instant settledAt, Instant resumedAt, Instant closedAt,
            String closeReason) {

        static DebtView of(Debt debt) {
            return new DebtView(debt.id(), debt.state(), debt.startedAt(), debt.graceEndsAt(), debt.overdueAt(),
                    debt.suspensionRequestedAt(), debt.suspendedAt(), debt.settledAt(), debt.resumedAt(),
                    debt.closedAt(), debt.closeReason());
        }
    }

    record CdnServiceView(String instanceId, String internetChargeType, String status, Instant openingTime,
            Long orderId) {
    }

    record OrderView(long orderId, String internetChargeType, String status, String requestId, String endReason,
            Instant createdAt, Instant updatedAt, Instant activatedAt) {
    }

    static AccountView of(Account account, CdnServiceInstance service, List<CdnOrder> orders, Debt debt,
            boolean lowBalance) {
        var profile = account.profile();
        return new AccountView(account.ownerId(), profile.ownerAccount(), profile.realNameVerified(),
                profile.profileComplete(), profile.site(), profile.intlAllowed(), profile.bidUser(),
                profile.payMethodValid(), account.balance(), account.updatedAt(), lowBalance,
                service == null ? null : new CdnServiceView(service.instanceId(), service.internetChargeType().name(),
                        service.status().name(), service.openedAt(), service.orderId()),
                orders.stream().map(o -> new OrderView(o.id(), o.internetChargeType().name(), o.status().name(),
                        o.requestId(), o.endReason(), o.createdAt(), o.updatedAt(), o.activatedAt())).toList(),
                debt == null ? null : DebtView.of(debt));
    }
}
