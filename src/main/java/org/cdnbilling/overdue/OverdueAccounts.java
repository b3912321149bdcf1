package org.cdnbilling.overdue;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.engine.ProcessVersions;
import org.cdnbilling.ledger.BalanceChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;

/**
 * Watches the ledger: an entry that takes a balance below zero opens a debt and starts its overdue process; an
 * entry that brings it back to zero or above settles the debt and tells the waiting process. Both happen inside
 * the ledger entry's transaction (the ledger publishes {@link BalanceChanged} synchronously), so the entry, the
 * debt and the process commit together or not at all: a crash cannot lose a settlement.
 */
@Service
public class OverdueAccounts {

    private static final Logger log = LoggerFactory.getLogger(OverdueAccounts.class);

    private final Debts debts;
    private final CdnServiceInstances services;
    private final RuntimeService runtime;
    private final ProcessVersions versions;
    private final OverdueSettings settings;
    private final Clock clock;

    OverdueAccounts(Debts debts, CdnServiceInstances services, RuntimeService runtime, ProcessVersions versions,
            OverdueSettings settings, Clock clock) {
        this.debts = debts;
        this.services = services;
        this.runtime = runtime;
        this.versions = versions;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener
    public void balanceChanged(BalanceChanged change) {
        if (change.wentBelowZero()) {
            openDebt(change.ownerId());
        } else if (change.settled()) {
            settle(change.ownerId());
        }
    }

    /**
     * Opens a debt and starts its process, unless the account has an open debt (more bills during the grace
     * period do not restart it). The caller holds the account's row lock (a ledger entry, or the process's own
     * resume step).
     */
    void openDebt(long ownerId) {
        if (debts.openDebt(ownerId).isPresent()) {
            return;
        }
        if (!services.existsByOwnerId(ownerId)) {
            // a new account synchronised with a negative opening balance: no service to suspend (Check balance
            // refuses to open one until the balance is above zero)
            log.info("Account {} is below zero without a CDN service: no overdue process", ownerId);
            return;
        }
        Instant now = clock.instant();
        Instant graceEnds = now.plus(settings.getOverdueGrace());
        long debtId = debts.open(ownerId, now, graceEnds);
        runtime.createProcessInstanceById(versions.startDefinitionId(OverdueProcess.PROCESS_KEY))
                .businessKey(Long.toString(ownerId))
                .setVariables(Variables.createVariables()
                        .putValue(OverdueProcess.VAR_OWNER_ID, ownerId)
                        .putValue(OverdueProcess.VAR_DEBT_ID, debtId)
                        .putValue(OverdueProcess.VAR_GRACE_ENDS_AT, Date.from(graceEnds)))
                .execute();
        log.info("Account {} is in debt (debt {}): its service is suspended at {} unless settled", ownerId, debtId,
                graceEnds);
    }

    private void settle(long ownerId) {
        debts.openDebt(ownerId).filter(debt -> !debt.settled()).ifPresent(debt -> {
            debts.markSettled(debt.id(), clock.instant());
            try {
                runtime.createMessageCorrelation(OverdueProcess.MESSAGE_DEBT_SETTLED)
                        .processInstanceBusinessKey(Long.toString(ownerId))
                        .processInstanceVariableEquals(OverdueProcess.VAR_DEBT_ID, debt.id())
                        .correlateAll();
            } catch (OptimisticLockingException e) {
                // the grace timer's job was taken by a job executor at this very moment: the whole entry is
                // rolled back and tried again (Ledger.topUp), and then finds the process past its timer
                throw new ConcurrencyFailureException("The overdue process of account " + ownerId
                        + " moved on while its debt was being settled", e);
            }
            log.info("Debt {} of account {} settled", debt.id(), ownerId);
        });
    }
}
