package org.cdnbilling.provisioning;

import java.time.Duration;

/**
 * The provisioning backend did not answer in time (or earlier calls still wait for it): the call is
 * abandoned and worth retrying later. The message completes "the provisioning backend ...".
 */
public class ProvisioningTimeoutException extends ProvisioningException {

    ProvisioningTimeoutException(String message) {
        super(message);
    }

    static ProvisioningTimeoutException after(Duration timeout) {
        return new ProvisioningTimeoutException("did not answer within " + readable(timeout));
    }

    static ProvisioningTimeoutException allCallsWaiting(int maxConcurrentCalls) {
        return new ProvisioningTimeoutException("did not answer: all " + maxConcurrentCalls
                + " calls it may have at once are still waiting");
    }

    private static String readable(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
