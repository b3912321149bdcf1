package org.cdnbilling.security;

import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * The one place that checks a password: a user name and password against Camunda's identity service, behind the
 * {@link LoginThrottle}. A client that failed too often gets {@link LoginThrottledException} before its password is
 * looked at; a wrong password is {@link BadCredentialsException}, which {@link FailedLogins} counts. A user who
 * logs in is authenticated with its Camunda groups as authorities ({@link GroupAuthorities}). When the database
 * cannot be reached, the check fails with {@link AuthenticationServiceException}: 503 with {@code Retry-After}
 * ({@link GateResponses}), never a 401 that would count as a failure, nor a 500.
 */
class CamundaPasswords implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(CamundaPasswords.class);

    private final IdentityService identity;
    private final LoginThrottle throttle;
    private final GroupAuthorities groups;

    CamundaPasswords(IdentityService identity, LoginThrottle throttle, GroupAuthorities groups) {
        this.identity = identity;
        this.throttle = throttle;
        this.groups = groups;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (!(authentication.getDetails() instanceof LoginAttempt attempt)) {
            throw new AuthenticationServiceException("A password check without its request");
        }
        String user = authentication.getName();
        Object password = authentication.getCredentials();
        boolean right;
        try {
            LoginThrottle.Admission admission = throttle.admit(attempt.client());
            if (!admission.admitted()) {
                throw new LoginThrottledException(admission.retryAfter());
            }
            right = user != null && !user.isEmpty() && password instanceof String text
                    && identity.checkPassword(user, text);
        } catch (RuntimeException e) {
            if (e instanceof AuthenticationException refused) {
                throw refused;
            }
            // the database (identity, or the throttle's buckets) is out of reach: 503, not a wrong password
            log.warn("Password of user {} not checked: {}", user, e.toString());
            throw new AuthenticationServiceException("The password cannot be checked now", e);
        }
        if (!right) {
            throw new BadCredentialsException("Wrong user name or password");
        }
        UsernamePasswordAuthenticationToken authenticated;
        try {
            authenticated = UsernamePasswordAuthenticationToken.authenticated(user, null, groups.read(user));
        } catch (RuntimeException e) {
            log.warn("Groups of user {} not read: {}", user, e.toString());
            throw new AuthenticationServiceException("The groups cannot be read now", e);
        }
        authenticated.setDetails(attempt);
        return authenticated;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** A user name and password to check, from the request they came with. */
    static UsernamePasswordAuthenticationToken attempt(String user, String password, LoginAttempt attempt) {
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(user, password);
        token.setDetails(attempt);
        return token;
    }
}
