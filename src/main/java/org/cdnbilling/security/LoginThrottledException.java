package org.cdnbilling.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** The client failed to log in too often: its password is not checked ({@link LoginThrottle}), 429. */
class LoginThrottledException extends AuthenticationException {

    private final Duration retryAfter;

    LoginThrottledException(Duration retryAfter) {
        super("Too many failed logins from this address");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds until the client may try again, at least one. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
