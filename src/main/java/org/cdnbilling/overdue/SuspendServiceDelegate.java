package org.cdnbilling.overdue;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cdnbilling.cdnservice.CdnServiceInstance;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.provisioning.ProvisioningException;
import org.cdnbilling.provisioning.ServiceStateChange;
import org.cdnbilling.provisioning.TimeLimitedProvisioning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Suspend CDN service (asynchronous, retried): the provisioning backend takes the service offline, with the
 * debt's idempotency key (a retried job or a node killed after the call repeats the same call), then the service
 * is recorded as suspended. Before its first call, *Mark account overdue* has committed that a suspension is
 * requested (the step is asynchronous: its job starts after that commit), so a transaction rolled back after the
 * backend did the work still leaves a trace that makes the resumption call the backend; recording it here, in a
 * transaction of its own, would take a second connection per job from the callers' reserve. A debt already
 * settled is not suspended (again): *Check settlement* then goes on to *Resume CDN service*, which resumes at the
 * backend if an earlier try may have reached it. An instance cancelled while
 * the call was under way (its debt closed meanwhile) has its service resumed here. The backend is called without
 * the account's lock held, so top-ups are not kept waiting by a slow backend.
 */
@Component
class SuspendServiceDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SuspendServiceDelegate.class);

    private final Debts debts;
    private final CdnServiceInstances services;
    private final TimeLimitedProvisioning provisioning;
    private final Clock clock;

    SuspendServiceDelegate(Debts debts, CdnServiceInstances services, TimeLimitedProvisioning provisioning,
            Clock clock) {
        this.debts = debts;
        this.services = services;
        this.provisioning = provisioning;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long ownerId = OverdueStep.ownerId(execution);
        Debt debt = debts.get(OverdueStep.debtId(execution));
        if (debt.settled()) {
            log.info("Debt {} of account {} was settled before its suspension: nothing suspended", debt.id(), ownerId);
            return;
        }
        CdnServiceInstance service = services.findByOwnerId(ownerId).orElseThrow(
                () -> new IllegalStateException("Account " + ownerId + " has no CDN service to suspend"));
        try {
            provisioning.suspend(new ServiceStateChange(ownerId, service.instanceId(), debt.suspensionKey()));
        } catch (ProvisioningException e) {
            throw new ServiceSwitchFailedException("Suspending", ownerId, e);
        }
        debts.lockAccount(ownerId);
        if (!debts.get(debt.id()).open()) {
            // an operator cancelled the instance while the backend was being called, and the cancellation may
            // have resumed before this suspension arrived: undo it (this job's transaction then fails on the
            // deleted instance)
            resumeAfterCancellation(debt, service);
            return;
        }
        services.findByOwnerIdForUpdate(ownerId).ifPresent(CdnServiceInstance::suspend);
        debts.markSuspended(debt.id(), clock.instant());
        log.info("CDN service {} of account {} suspended for debt {}", service.instanceId(), ownerId, debt.id());
    }

    private void resumeAfterCancellation(Debt debt, CdnServiceInstance service) {
        try {
            provisioning.resume(new ServiceStateChange(debt.ownerId(), service.instanceId(),
                    debt.lateResumptionKey()));
        } catch (ProvisioningException e) {
            throw new ServiceSwitchFailedException("Resuming", debt.ownerId(), e);
        }
        log.warn("Debt {} of account {} was closed while its service was being suspended: resumed again", debt.id(),
                debt.ownerId());
    }
}
