package org.cdnbilling.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Who is logged in to Camunda's webapps (Cockpit, Admin, Welcome), for the gate: the user that
 * {@link WebappLoginFilter} let log in, kept in the webapp's HTTP session next to Camunda's own login, with its
 * groups as {@link GroupAuthorities#ofSession} reads them. The session is Camunda's: Camunda makes a new one at
 * each login and the webapps' logout ends the login here too.
 */
final class WebappSessions implements SecurityContextRepository {

    static final String USER = WebappSessions.class.getName() + ".user";

    private final GroupAuthorities groups;

    WebappSessions(GroupAuthorities groups) {
        this.groups = groups;
    }

    /** Records the user of a webapp login that Camunda accepted. */
    static void loggedIn(HttpServletRequest request, String user) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.setAttribute(USER, user);
        }
    }

    static void loggedOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(USER);
        }
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        String user = user(request);
        return new DeferredSecurityContext() {
            @Override
            public SecurityContext get() {
                return user == null ? SecurityContextHolder.createEmptyContext() : new SecurityContextImpl(
                        UsernamePasswordAuthenticationToken.authenticated(user, null, groups.ofSession(user)));
            }

            @Override
            public boolean isGenerated() {
                return user == null;
            }
        };
    }

    @Override
    @Deprecated
    public SecurityContext loadContext(org.springframework.security.web.context.HttpRequestResponseHolder holder) {
        return loadDeferredContext(holder.getRequest()).get();
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        // the login is recorded by WebappLoginFilter once Camunda accepted it, never from a request's context
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return user(request) != null;
    }

    private static String user(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : session.getAttribute(USER) instanceof String user ? user : null;
    }
}
