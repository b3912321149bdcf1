package org.cdnbilling.billing.run;

import java.time.Duration;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cdnbilling.billing.AccountRange;
import org.cdnbilling.billing.BillingMetrics;
import org.cdnbilling.billing.PartitionBilling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Bill partition: one asynchronous job per range of accounts. A failure rolls the partition back whole and fails
 * the job; once its retries are used up it is one incident naming the accounts, the periods and the cause, and
 * Cockpit's retry bills it again. An account whose rating throws is set aside (an instance of
 * {@code cdn-billing-set-aside} of its own) and the others are billed.
 */
@Component("billPartitionDelegate")
class BillPartitionDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(BillPartitionDelegate.class);

    private final PartitionBilling billing;
    private final BillingMetrics metrics;

    BillPartitionDelegate(PartitionBilling billing, BillingMetrics metrics) {
        this.billing = billing;
        this.metrics = metrics;
    }

    @Override
    public void execute(DelegateExecution execution) {
        AccountRange range = AccountRange.parse((String) execution.getVariable(BillingRunProcess.VAR_PARTITION));
        Date dueAt = (Date) execution.getVariable(BillingRunProcess.VAR_DUE_AT);
        long started = System.nanoTime();
        boolean billed = false;
        try {
            PartitionBilling.Outcome outcome = billing.bill(range, dueAt.toInstant(), execution.getProcessInstanceId());
            billed = true;
            log.info("Billing run {}: accounts {} billed, {} due periods, {} bills, {} accounts set aside",
                    execution.getProcessInstanceId(), range, outcome.periods(), outcome.bills(),
                    outcome.setAside().size());
        } finally {
            metrics.partitionDone(Duration.ofNanos(System.nanoTime() - started), billed);
        }
    }
}
