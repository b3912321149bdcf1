package org.cdnbilling.billing.run;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.cdnbilling.billing.AccountRange;
import org.cdnbilling.billing.DueUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Find due usage: the accounts with usage due now, in partitions of {@code cdn.billing.accounts-per-partition}.
 * Reads only; the partitions are a transient variable that the multi-instance turns into one job each.
 */
@Component("findDueUsageDelegate")
class FindDueUsageDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(FindDueUsageDelegate.class);

    private final DueUsage due;
    private final Clock clock;

    FindDueUsageDelegate(DueUsage due, Clock clock) {
        this.due = due;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Instant now = clock.instant();
        long started = System.nanoTime();
        List<String> partitions = due.partitions(now).stream().map(AccountRange::toString).toList();
        if (!partitions.isEmpty()) {
            log.info("Billing run {}: usage due at {} in {} partitions, found in {} ms",
                    execution.getProcessInstanceId(), now, partitions.size(), (System.nanoTime() - started) / 1_000_000);
        }
        execution.setVariable(BillingRunProcess.VAR_DUE_AT, Date.from(now));
        execution.setVariable(BillingRunProcess.VAR_PARTITION_COUNT, partitions.size());
        execution.setVariable(BillingRunProcess.VAR_PARTITIONS, Variables.objectValue(partitions, true).create());
        EmptyRunHistory.markEmpty(partitions.isEmpty());
    }
}
