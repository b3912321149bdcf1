package org.cdnbilling.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic for the admin API against Camunda's identity service: members of the {@code camunda-admin}
 * group may do everything, members of {@code cdn-metering} may only post usage ({@code POST /admin/usage});
 * a wrong login answers 401, a right one without the right group 403.
 */
class OperatorBasicAuthFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Basic ";

    private final IdentityService identity;

    OperatorBasicAuthFilter(IdentityService identity) {
        this.identity = identity;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user = authenticatedUser(request.getHeader("Authorization"));
        if (user == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"cdn-admin\", charset=\"UTF-8\"");
            ErrorResponses.problem(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "Log in with an operator account (HTTP Basic)");
            return;
        }
        if (!memberOf(user, Groups.CAMUNDA_ADMIN) && !(postsUsage(request)
                && memberOf(user, EngineAuthorizations.METERING_GROUP))) {
            ErrorResponses.problem(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                    "User " + user + " may not use this endpoint of the admin API");
            return;
        }
        MDC.put("Operator", user);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("Operator");
        }
    }

    private static boolean postsUsage(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && "/admin/usage".equals(request.getRequestURI().substring(request.getContextPath().length()));
    }

    private boolean memberOf(String user, String group) {
        return identity.createUserQuery().userId(user).memberOfGroup(group).count() > 0;
    }

    private String authenticatedUser(String header) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(header.substring(PREFIX.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = credentials.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String user = credentials.substring(0, colon);
        String password = credentials.substring(colon + 1);
        return identity.checkPassword(user, password) ? user : null;
    }
}
