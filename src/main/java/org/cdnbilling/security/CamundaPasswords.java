package org.cdnbilling.security;

import org.camunda.bpm.engine.IdentityService;
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
 * cannot be reached, its exception is no {@link AuthenticationException}: it leaves the gate unchanged, and
 * {@code org.cdnbilling.api.DatabaseUnavailableFilter} answers 503 with {@code Retry-After} in the API's dialect,
 * never a 401 that would count as a failure.
 */
class CamundaPasswords implements AuthenticationProvider {

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
        LoginThrottle.Admission admission = throttle.admit(attempt.client());
        if (!admission.admitted()) {
            throw new LoginThrottledException(admission.retryAfter());
        }
        boolean right = user != null && !user.isEmpty() && password instanceof String text
                && identity.checkPassword(user, text);
        if (!right) {
            throw new BadCredentialsException("Wrong user name or password");
        }
        UsernamePasswordAuthenticationToken authenticated = UsernamePasswordAuthenticationToken.authenticated(
                user, null, groups.read(user));
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
