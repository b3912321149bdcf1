package org.cdnbilling.billing.run;

import java.time.Clock;
import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cdnbilling.billing.BillingMetrics;
import org.cdnbilling.billing.PartitionBilling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Bill set-aside account: bills the account alone, what is due now. While its rating still throws the job fails
 * and, once its retries are used up, is the incident naming the account and the cause; Retry in Cockpit after the
 * cause is fixed bills it, once, and the instance ends.
 */
@Component("billSetAsideAccountDelegate")
class BillSetAsideAccountDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(BillSetAsideAccountDelegate.class);

    private final PartitionBilling billing;
    private final BillingMetrics metrics;
    private final Clock clock;

    BillSetAsideAccountDelegate(PartitionBilling billing, BillingMetrics metrics, Clock clock) {
        this.billing = billing;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long ownerId = ((Number) execution.getVariable(BillingSetAsideProcess.VAR_OWNER_ID)).longValue();
        long started = System.nanoTime();
        boolean billed = false;
        try {
            PartitionBilling.Outcome outcome = billing.billSetAside(ownerId, clock.instant(),
                    execution.getProcessInstanceId());
            billed = true;
            log.info("Account {} set aside from billing is billed: {} due periods, {} bills (instance {})", ownerId,
                    outcome.periods(), outcome.bills(), execution.getProcessInstanceId());
        } finally {
            metrics.partitionDone(Duration.ofNanos(System.nanoTime() - started), billed);
        }
    }
}
