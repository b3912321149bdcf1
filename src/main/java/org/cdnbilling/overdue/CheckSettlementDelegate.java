package org.cdnbilling.overdue;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Debt settled meanwhile? Locks the account, then reads the debt: a settlement that committed while the service
 * was being suspended is seen here; one that comes later waits for this transaction (the ledger locks the account
 * first) and then finds the process waiting for its message.
 */
@Component
class CheckSettlementDelegate implements JavaDelegate {

    private final Debts debts;

    CheckSettlementDelegate(Debts debts) {
        this.debts = debts;
    }

    @Override
    public void execute(DelegateExecution execution) {
        debts.lockAccount(OverdueStep.ownerId(execution));
        execution.setVariable(OverdueProcess.VAR_SETTLED, debts.get(OverdueStep.debtId(execution)).settled());
    }
}
