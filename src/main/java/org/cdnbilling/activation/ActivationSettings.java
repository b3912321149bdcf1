package org.cdnbilling.activation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the asynchronous activation retries a failing provisioning backend. {@code retryCycle} is a
 * Camunda retry time cycle (ISO 8601 repeating interval, e.g. {@code R5/PT5M}: five tries, five minutes
 * apart); after the last try the order is stuck with an incident. The diagram reads it as
 * {@code ${activationSettings.retryCycle}}.
 */
@ConfigurationProperties("cdn.activation")
public record ActivationSettings(@DefaultValue("R5/PT5M") String retryCycle) {

    public String getRetryCycle() {
        return retryCycle;
    }
}
