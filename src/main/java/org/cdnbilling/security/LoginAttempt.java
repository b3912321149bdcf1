package org.cdnbilling.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AuthenticationDetailsSource;

/**
 * Where a password check comes from: the client as {@link LoginThrottle} counts it and the request, for the log.
 * The details of every authentication the gate makes ({@link SecurityGate}).
 */
record LoginAttempt(String client, String method, String path) {

    static final AuthenticationDetailsSource<HttpServletRequest, LoginAttempt> SOURCE = LoginAttempt::of;

    static LoginAttempt of(HttpServletRequest request) {
        return new LoginAttempt(ClientAddress.of(request), request.getMethod(), Paths.of(request));
    }
}
