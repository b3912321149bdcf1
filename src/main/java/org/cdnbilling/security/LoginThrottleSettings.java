package org.cdnbilling.security;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many wrong passwords a client address may send ({@link LoginThrottle}).
 *
 * @param failures failed logins an address may have in a row before it is refused (429)
 * @param refillEvery after that, one more failed login is allowed per this period
 */
@Validated
@ConfigurationProperties("cdn.security.login-throttle")
public record LoginThrottleSettings(
        @DefaultValue("10") @Min(1) int failures,
        @DefaultValue("PT1M") Duration refillEvery) {

    /** How long until a client that stops failing has its whole budget back. */
    Duration fullRefill() {
        return refillEvery.multipliedBy(failures);
    }
}
