package org.cdnbilling.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The login form of Cockpit, Admin and Welcome ({@code POST /camunda/api/admin/auth/user/{engine}/login/{app}})
 * checks its password here first, through the gate's {@link CamundaPasswords} (and so the {@link LoginThrottle}):
 * a throttled client gets 429, a wrong password 401 as Camunda answers it, a user in neither {@link Roles#ADMIN}
 * nor {@link Roles#SUPPORT} 403. Only then does Camunda's own login run (it checks the password again and makes
 * the webapp session); once it accepted, the user is recorded in that session for the gate ({@link
 * WebappSessions}). The webapps' logout ends it.
 */
final class WebappLoginFilter extends OncePerRequestFilter {

    static final RequestMatcher LOGIN = GatePaths.path("/camunda/api/admin/auth/user/[^/]+/login/[^/]+", HttpMethod.POST);
    static final RequestMatcher LOGOUT = GatePaths.path("/camunda/api/admin/auth/user/[^/]+/logout", HttpMethod.POST);

    /** A user name and a password as a form: far less than this. */
    private static final int MAX_FORM = 16 * 1024;

    private final AuthenticationManager passwords;
    private final GateResponses responses;

    WebappLoginFilter(AuthenticationManager passwords, GateResponses responses) {
        this.passwords = passwords;
        this.responses = responses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (LOGOUT.matches(request)) {
            try {
                chain.doFilter(request, response);
            } finally {
                WebappSessions.loggedOut(request);
            }
            return;
        }
        if (!LOGIN.matches(request)) {
            chain.doFilter(request, response);
            return;
        }
        ReadAgain form = ReadAgain.of(request, MAX_FORM);
        if (form == null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        Authentication user;
        try {
            user = passwords.authenticate(CamundaPasswords.attempt(form.formField("username"),
                    form.formField("password"), LoginAttempt.of(request)));
        } catch (BadCredentialsException wrong) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);   // as Camunda's login answers it
            return;
        } catch (AuthenticationException refused) {
            responses.commence(request, response, refused);
            return;
        }
        boolean mayUseWebapps = user.getAuthorities().stream().anyMatch(authority ->
                authority.getAuthority().equals(Roles.ADMIN) || authority.getAuthority().equals(Roles.SUPPORT));
        if (!mayUseWebapps) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);      // as Camunda answers a user without the app
            return;
        }
        chain.doFilter(form, response);
        if (response.getStatus() == HttpServletResponse.SC_OK) {
            WebappSessions.loggedIn(request, user.getName());
        }
    }
}
