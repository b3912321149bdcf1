package org.cdnbilling.billing;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When and how usage is billed ({@code cdn.billing.*}).
 *
 * @param usageDelay how long after a period closes it is billed: samples arriving later are billed as a
 *     supplement of the period
 * @param schedule Camunda cron (with a seconds field) of the billing run's timer, evaluated in UTC whatever the
 *     JVM's time zone ({@code org.cdnbilling.engine.UtcCronCalendarPlugin})
 * @param accountsPerPartition accounts billed by one asynchronous job of a run
 * @param partitionRetryCycle Camunda retry time cycle of a failing partition; after the last try it is one
 *     incident in Cockpit
 */
@Validated
@ConfigurationProperties("cdn.billing")
public record BillingSettings(
        @DefaultValue("PT1H") Duration usageDelay,
        @NotBlank @DefaultValue("0 0/10 * * * ?") String schedule,
        @Min(1) @DefaultValue("500") int accountsPerPartition,
        @NotBlank @DefaultValue("R3/PT1M") String partitionRetryCycle) {
}
