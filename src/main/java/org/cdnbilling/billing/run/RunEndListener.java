package org.cdnbilling.billing.run;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.cdnbilling.billing.BillingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Records a run's duration when it reaches one of its end events. */
@Component("billingRunEndListener")
class RunEndListener implements ExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunEndListener.class);

    private final BillingMetrics metrics;
    private final Clock clock;

    RunEndListener(BillingMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateExecution execution) {
        Date dueAt = (Date) execution.getVariable(BillingRunProcess.VAR_DUE_AT);
        if (dueAt != null) {
            Duration took = Duration.between(dueAt.toInstant(), clock.instant());
            boolean billed = !BillingRunProcess.END_NOTHING_DUE.equals(execution.getCurrentActivityId());
            metrics.runDone(took, billed);
            if (billed) {
                log.info("Billing run {}: due usage billed in {} ms", execution.getProcessInstanceId(), took.toMillis());
            }
        }
    }
}
