package org.cdnbilling.overdue;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/** Reads the ids an overdue process carries. */
final class OverdueStep {

    private OverdueStep() {
    }

    static long ownerId(DelegateExecution execution) {
        return ((Number) execution.getVariable(OverdueProcess.VAR_OWNER_ID)).longValue();
    }

    static long debtId(DelegateExecution execution) {
        return ((Number) execution.getVariable(OverdueProcess.VAR_DEBT_ID)).longValue();
    }
}
