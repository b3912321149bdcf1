package org.cdnbilling.overdue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.cdnbilling.account.Account;
import org.cdnbilling.account.Accounts;
import org.cdnbilling.api.RpcAction;
import org.cdnbilling.api.RpcCall;
import org.cdnbilling.cdnservice.CdnServiceInstance;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.gateway.Caller;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code DescribeUserCdnStatus} (no parameters): {@code Enabled} the service was opened, {@code OnService} it is
 * serving now (not suspended), {@code InDebt} the balance is below zero, {@code InDebtOverdue} the grace period of
 * the account's open debt is over and the debt is not settled. An account that never opened the service answers
 * {@code Enabled} and {@code OnService} false (and {@code InDebt} false unless it was created with a negative
 * opening balance).
 */
@Component
class DescribeUserCdnStatusAction implements RpcAction {

    private final Accounts accounts;
    private final CdnServiceInstances services;
    private final Debts debts;

    DescribeUserCdnStatusAction(Accounts accounts, CdnServiceInstances services, Debts debts) {
        this.accounts = accounts;
        this.services = services;
        this.debts = debts;
    }

    @Override
    public String name() {
        return "DescribeUserCdnStatus";
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, Object> handle(RpcCall call, Caller caller) {
        long ownerId = caller.ownerId();
        Optional<CdnServiceInstance> service = services.findByOwnerId(ownerId);
        boolean inDebt = accounts.findById(ownerId).map(Account::balance).map(b -> b.signum() < 0).orElse(false);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Enabled", service.isPresent());
        body.put("OnService", service.map(s -> !s.suspended()).orElse(false));
        body.put("InDebt", inDebt);
        body.put("InDebtOverdue", debts.openDebt(ownerId).map(Debt::overdue).orElse(false));
        return body;
    }
}
