package org.cdnbilling.overdue;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.cdnbilling.engine.InstanceCancellationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An operator cancelled an overdue instance (Cockpit, engine REST): the service is resumed if it was suspended,
 * the debt is closed as cancelled; the balance stays below zero and visible (admin API, DescribeUserCdnStatus).
 */
@Component
class ResumeWhenInstanceCancelled implements InstanceCancellationListener {

    private static final Logger log = LoggerFactory.getLogger(ResumeWhenInstanceCancelled.class);

    private final Debts debts;
    private final ServiceResumption resumption;

    ResumeWhenInstanceCancelled(Debts debts, ServiceResumption resumption) {
        this.debts = debts;
        this.resumption = resumption;
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
        resumption.resumeAndClose(debt, Debt.CloseReason.CANCELLED);
        Authentication operator = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        log.warn("Overdue instance {} of account {} cancelled{}: service resumed, debt {} closed, balance left as it is",
                execution.getProcessInstanceId(), debt.ownerId(), operator == null ? "" : " by " + operator.getUserId(),
                debt.id());
    }
}
