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
 * HTTP Basic for the admin API against Camunda's identity service: only members of the
 * {@code camunda-admin} group pass.
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
        String user = authenticatedOperator(request.getHeader("Authorization"));
        if (user == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"cdn-admin\", charset=\"UTF-8\"");
            ErrorResponses.problem(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "Log in with an operator account (HTTP Basic)");
            return;
        }
        MDC.put("Operator", user);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("Operator");
        }
    }

    private String authenticatedOperator(String header) {
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
        boolean operator = identity.checkPassword(user, password)
                && identity.createUserQuery().userId(user).memberOfGroup(Groups.CAMUNDA_ADMIN).count() > 0;
        return operator ? user : null;
    }
}
