package org.cdnbilling.overdue;

import java.math.BigDecimal;
import java.time.Clock;
import org.cdnbilling.cdnservice.CdnServiceInstance;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.provisioning.ProvisioningException;
import org.cdnbilling.provisioning.ServiceStateChange;
import org.cdnbilling.provisioning.TimeLimitedProvisioning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Brings a service suspended for a debt back online (with the debt's idempotency key) and closes the debt. The
 * backend is asked to resume whenever a suspension may have reached it: the database says SUSPENDED, or a
 * suspension was requested for the debt (its job may have rolled back after the backend did the work). Resuming
 * a service the backend never suspended is harmless (the backend's resume is idempotent). A service nobody asked
 * to suspend is left as it is.
 */
@Component
class ServiceResumption {

    private static final Logger log = LoggerFactory.getLogger(ServiceResumption.class);

    private final Debts debts;
    private final CdnServiceInstances services;
    private final TimeLimitedProvisioning provisioning;
    private final Clock clock;

    ServiceResumption(Debts debts, CdnServiceInstances services, TimeLimitedProvisioning provisioning, Clock clock) {
        this.debts = debts;
        this.services = services;
        this.provisioning = provisioning;
        this.clock = clock;
    }

    /**
     * @param key the backend's idempotency key of this resumption
     * @return the account's balance afterwards (its row is locked until the transaction ends)
     */
    BigDecimal resumeAndClose(Debt debt, Debt.CloseReason reason, String key) {
        long ownerId = debt.ownerId();
        CdnServiceInstance service = services.findByOwnerId(ownerId).orElse(null);
        boolean resumeAtBackend = service != null && (service.suspended() || debt.suspensionMayHaveReachedBackend());
        if (resumeAtBackend) {
            try {
                provisioning.resume(new ServiceStateChange(ownerId, service.instanceId(), key));
            } catch (ProvisioningException e) {
                throw new ServiceSwitchFailedException("Resuming", ownerId, e);
            }
        }
        BigDecimal balance = debts.lockAccount(ownerId);
        services.findByOwnerIdForUpdate(ownerId).filter(CdnServiceInstance::suspended)
                .ifPresent(CdnServiceInstance::resume);
        if (resumeAtBackend) {
            debts.markResumed(debt.id(), clock.instant());
            log.info("CDN service {} of account {} resumed (debt {})", service.instanceId(), ownerId, debt.id());
        }
        debts.close(debt.id(), clock.instant(), reason);
        return balance;
    }
}
