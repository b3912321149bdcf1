package org.cdnbilling.provisioning;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the activation waits for the provisioning backend. A call that does not answer within
 * {@code timeout} is abandoned and the job fails, to be retried on the retry cycle; keep it well below
 * Camunda's job lock time ({@code camunda.bpm.job-execution.lock-time-in-millis}, 60 s here). At most
 * {@code maxConcurrentCalls} calls run at once: a backend that hangs cannot take more threads than that.
 *
 * @param timeout how long one call may take
 * @param maxConcurrentCalls calls to the backend in flight at once, abandoned ones included until they end
 */
@Validated
@ConfigurationProperties("cdn.provisioning")
public record ProvisioningSettings(@NotNull @DefaultValue("5s") Duration timeout,
        @Min(1) @DefaultValue("10") int maxConcurrentCalls) {
}
