package org.cdnbilling.overdue;

import java.math.BigDecimal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Resume CDN service (asynchronous, retried): the debt is settled; the service comes back online and the debt is
 * closed. Should new bills have taken the balance below zero again meanwhile, a new debt (and process) starts.
 */
@Component
class ResumeServiceDelegate implements JavaDelegate {

    private final Debts debts;
    private final ServiceResumption resumption;
    private final OverdueAccounts overdueAccounts;

    ResumeServiceDelegate(Debts debts, ServiceResumption resumption, OverdueAccounts overdueAccounts) {
        this.debts = debts;
        this.resumption = resumption;
        this.overdueAccounts = overdueAccounts;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Debt debt = debts.get(OverdueStep.debtId(execution));
        BigDecimal balance = resumption.resumeAndClose(debt, Debt.CloseReason.RESUMED, debt.resumptionKey());
        if (balance.signum() < 0) {
            overdueAccounts.openDebt(debt.ownerId());
        }
    }
}
