package org.cdnbilling.overdue;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Mark account overdue: the grace period is over. Runs in the timer's transaction and first locks the account,
 * so a settlement committing at the same moment either comes first (this transaction then fails on the deleted
 * timer and the settled path wins) or waits until the overdue path is recorded (and is then seen by
 * {@link CheckSettlementDelegate}).
 */
@Component
class MarkOverdueDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(MarkOverdueDelegate.class);

    private final Debts debts;
    private final Clock clock;

    MarkOverdueDelegate(Debts debts, Clock clock) {
        this.debts = debts;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long ownerId = OverdueStep.ownerId(execution);
        debts.lockAccount(ownerId);
        Debt debt = debts.get(OverdueStep.debtId(execution));
        if (!debt.settled()) {
            debts.markOverdue(debt.id(), clock.instant());
            // committed at the asynchronous boundary of *Suspend CDN service*, before its first call to the backend
            debts.markSuspensionRequested(debt.id(), clock.instant());
            log.info("Debt {} of account {} is overdue: the grace period ended at {}", debt.id(), ownerId,
                    debt.graceEndsAt());
        }
    }
}
