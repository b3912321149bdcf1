package org.cdnbilling.overdue;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Close debt: settled within the grace period; nothing was suspended. Runs in the settling entry's transaction. */
@Component
class CloseDebtDelegate implements JavaDelegate {

    private final Debts debts;
    private final Clock clock;

    CloseDebtDelegate(Debts debts, Clock clock) {
        this.debts = debts;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        debts.close(OverdueStep.debtId(execution), clock.instant(), Debt.CloseReason.SETTLED_IN_GRACE);
    }
}
