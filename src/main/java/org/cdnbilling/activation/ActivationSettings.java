package org.cdnbilling.activation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * How the asynchronous activation retries a failing provisioning backend. {@code retryCycle} is a
 * Camunda retry time cycle (ISO 8601 repeating interval, e.g. {@code R5/PT5M}: five tries, five minutes
 * apart); after the last try the order is stuck with an incident. The diagram reads it by bean name, as
 * {@code ${activationSettings.retryCycle}}.
 */
@Component("activationSettings")
@ConfigurationProperties("cdn.activation")
public class ActivationSettings {

    private String retryCycle = "R5/PT5M";

    public String getRetryCycle() {
        return retryCycle;
    }

    public void setRetryCycle(String retryCycle) {
        this.retryCycle = retryCycle;
    }
}
