package org.cdnbilling.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.stereotype.Component;

/**
 * Every wrong password the gate sees ({@link CamundaPasswords}, Spring Security's failure event) spends one of
 * its client's failures in the {@link LoginThrottle} and is logged (WARN) with the user name tried, the client and
 * the failures left. Refused (429) attempts are not logged above DEBUG, so that nobody can flood the log.
 */
@Component
class FailedLogins {

    private static final Logger log = LoggerFactory.getLogger(FailedLogins.class);

    private final LoginThrottle throttle;

    FailedLogins(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @EventListener
    void onWrongPassword(AuthenticationFailureBadCredentialsEvent event) {
        if (!(event.getAuthentication().getDetails() instanceof LoginAttempt attempt)) {
            return;
        }
        long left = throttle.failed(attempt.client());
        log.warn("Failed login of user {} from {} ({} {}); {} more failures allowed now",
                printable(event.getAuthentication().getName()), attempt.client(), attempt.method(), attempt.path(), left);
    }

    /** A user name as sent by anyone, fit for one log line. */
    private static String printable(String name) {
        String text = name == null ? "" : name;
        String shortened = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return '"' + shortened.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
