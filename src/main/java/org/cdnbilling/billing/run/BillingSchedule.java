package org.cdnbilling.billing.run;

import org.cdnbilling.billing.BillingSettings;
import org.springframework.stereotype.Component;

/**
 * What {@code processes/cdn-billing-run.bpmn} reads of the settings, by bean name:
 * {@code ${billingSchedule.cron}} (the timer, in UTC) and {@code ${billingSchedule.partitionRetryCycle}}.
 */
@Component("billingSchedule")
public class BillingSchedule {

    private final BillingSettings settings;

    BillingSchedule(BillingSettings settings) {
        this.settings = settings;
    }

    public String getCron() {
        return settings.schedule();
    }

    public String getPartitionRetryCycle() {
        return settings.partitionRetryCycle();
    }
}
