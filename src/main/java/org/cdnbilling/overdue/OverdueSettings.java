package org.cdnbilling.overdue;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * How overdue accounts are treated ({@code cdn.billing.overdue-*}): the grace period between the bill that
 * left the balance below zero and the suspension (Alibaba documents 15 days today), and the Camunda retry cycle
 * of the suspend and resume jobs (after the last try: an incident). The diagram reads the cycle by bean name,
 * as {@code ${overdueSettings.overdueRetryCycle}}.
 */
@Component("overdueSettings")
@ConfigurationProperties("cdn.billing")
public class OverdueSettings {

    private Duration overdueGrace = Duration.ofDays(15);
    private String overdueRetryCycle = "R5/PT5M";

    public Duration getOverdueGrace() {
        return overdueGrace;
    }

    public void setOverdueGrace(Duration overdueGrace) {
        this.overdueGrace = overdueGrace;
    }

    public String getOverdueRetryCycle() {
        return overdueRetryCycle;
    }

    public void setOverdueRetryCycle(String overdueRetryCycle) {
        this.overdueRetryCycle = overdueRetryCycle;
    }
}
