package org.cdnbilling.overdue;

import java.math.BigDecimal;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.cdnbilling.engine.InstanceCancellationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * An operator cancelled an overdue instance (Cockpit, engine REST): the service is resumed if a suspension may
 * have reached the backend (also one whose job is still being retried), the debt is closed as cancelled; the
 * balance stays below zero and visible (admin API, DescribeUserCdnStatus). A debt that was settled already (the
 * instance was stuck resuming, say an incident) is not waived by the cancellation: if new bills have taken the
 * balance below zero meanwhile, the next debt starts, as *Resume CDN service* would have started it. Each attempt
 * resumes under a key of its own ({@link Debt#cancellationResumptionKey}): one that rolls back has spent none that a
 * later resumption needs.
 */
@Component
class ResumeWhenInstanceCancelled implements InstanceCancellationListener {

    private static final Logger log = LoggerFactory.getLogger(ResumeWhenInstanceCancelled.class);

    private final Debts debts;
    private final ServiceResumption resumption;
    private final ObjectProvider<OverdueAccounts> overdueAccounts;

    // OverdueAccounts needs the engine, and the engine needs this listener: looked up when an instance is cancelled
    ResumeWhenInstanceCancelled(Debts debts, ServiceResumption resumption,
            ObjectProvider<OverdueAccounts> overdueAccounts) {
        this.debts = debts;
        this.resumption = resumption;
        this.overdueAccounts = overdueAccounts;
    }

    @Override
    public String processKey() {
        return OverdueProcess.PROCESS_KEY;
    }

    @Override
    public void notify(DelegateExecution execution) {
        if (!execution.isCanceled() || execution.getVariable(OverdueProcess.VAR_DEBT_ID) == null) {
            return;
        }
        Debt debt = debts.get(OverdueStep.debtId(execution));
        if (!debt.open()) {
            return;
        }
        BigDecimal balance = resumption.resumeAndClose(debt, Debt.CloseReason.CANCELLED,
                debt.cancellationResumptionKey(UUID.randomUUID().toString()));
        if (debt.settled() && balance.signum() < 0) {
            overdueAccounts.getObject().openDebt(debt.ownerId());
        }
        Authentication operator = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        log.warn("Overdue instance {} of account {} cancelled{}: service resumed, debt {} closed, balance left as it is",
                execution.getProcessInstanceId(), debt.ownerId(), operator == null ? "" : " by " + operator.getUserId(),
                debt.id());
    }
}
