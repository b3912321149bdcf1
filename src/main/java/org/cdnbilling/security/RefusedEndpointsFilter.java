package org.cdnbilling.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Endpoints of Camunda's that must never answer here, refused (403, Camunda's error body) before anything of
 * Camunda's runs:
 * <ul>
 * <li>the webapps' first-user setup ({@code /camunda/api/admin/setup/**}), which makes whoever calls it first
 *     an administrator while no administrator exists: the operator comes from the configuration only;</li>
 * <li>{@code identity/verify} of the engine REST API (also under {@code /camunda/api/engine}), which tells any
 *     logged-in user whether a password of another user is right: a way round {@link LoginThrottleFilter}.
 *     Nothing of Camunda's webapps calls it.</li>
 * </ul>
 */
class RefusedEndpointsFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RefusedEndpointsFilter.class);
    private static final Pattern SETUP = Pattern.compile("/camunda/api/admin/setup(/.*)?");
    private static final Pattern VERIFY = Pattern.compile(
            "(/engine-rest|/camunda/api/engine/engine/[^/]+)/identity/verify/*");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = Paths.of(request);
        if (SETUP.matcher(path).matches()) {
            log.warn("First-user setup refused ({} {} from {})", request.getMethod(), path, request.getRemoteAddr());
            ErrorResponses.camunda(response, HttpServletResponse.SC_FORBIDDEN, "SetupNotAvailableException",
                    "The first-user setup is off: the operator account comes from CDN_ADMIN_USER and CDN_ADMIN_PASSWORD");
            return;
        }
        if (VERIFY.matcher(path).matches()) {
            ErrorResponses.camunda(response, HttpServletResponse.SC_FORBIDDEN, "ForbiddenException",
                    "Checking passwords of users is not offered");
            return;
        }
        chain.doFilter(request, response);
    }
}
