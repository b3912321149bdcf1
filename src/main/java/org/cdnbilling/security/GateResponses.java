package org.cdnbilling.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What the gate answers when it does not let a request through, in the dialect of the API asked: RFC 9457 problem
 * details for the admin API and the actuator, Camunda's {@code {"type":...,"message":...}} for the engine REST API
 * and the webapps (an engine REST 401 exactly as Camunda's own: an empty body and {@code WWW-Authenticate: Basic
 * realm="default"}). Resources that are refused to everyone ({@link #REFUSED}) answer 403 with their reason, also
 * before any login.
 */
final class GateResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    /** A resource refused to everyone and why. */
    record Refused(RequestMatcher matcher, String camundaType, String message) {
    }

    static final List<Refused> REFUSED = List.of(
            new Refused(GatePaths.path("/camunda/api/admin/setup(?:/.*)?"), "SetupNotAvailableException",
                    "The first-user setup is off: the operator account comes from CDN_ADMIN_USER and CDN_ADMIN_PASSWORD"),
            new Refused(GatePaths.engineResource("identity/verify"), "ForbiddenException",
                    "Checking passwords of users is not offered"));

    /** The paths the gate refuses to everyone. */
    static RequestMatcher refused() {
        return request -> REFUSED.stream().anyMatch(refused -> refused.matcher().matches(request));
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        if (refuse(request, response)) {
            return;
        }
        String path = Paths.of(request);
        if (failure instanceof LoginThrottledException throttled) {
            long seconds = throttled.retryAfterSeconds();
            response.setHeader("Retry-After", Long.toString(seconds));
            ErrorResponses.refuse(response, path, 429, "Too Many Requests", "LoginThrottledException",
                    "Too many failed logins from this address; try again in " + seconds + " seconds");
        } else if (path.startsWith("/engine-rest")) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"default\"");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        } else if (path.startsWith("/camunda/")) {
            ErrorResponses.camunda(response, HttpServletResponse.SC_UNAUTHORIZED, "AuthenticationException",
                    "Log in first");
        } else {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm(path) + "\", charset=\"UTF-8\"");
            ErrorResponses.problem(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    path.startsWith("/actuator/") ? "Log in with a monitoring account (HTTP Basic)"
                            : "Log in with an operator account (HTTP Basic)");
        }
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        if (refuse(request, response)) {
            return;
        }
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        String name = user == null ? "(anonymous)" : user.getName();
        String path = Paths.of(request);
        ErrorResponses.refuse(response, path, HttpServletResponse.SC_FORBIDDEN, "Forbidden", "ForbiddenException",
                "User " + name + " may not " + (isRead(request) ? "read " : "use ") + "this endpoint");
    }

    private static boolean refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        for (Refused refused : REFUSED) {
            if (refused.matcher().matches(request)) {
                ErrorResponses.camunda(response, HttpServletResponse.SC_FORBIDDEN, refused.camundaType(),
                        refused.message());
                return true;
            }
        }
        return false;
    }

    private static boolean isRead(HttpServletRequest request) {
        return HttpMethod.GET.matches(request.getMethod());
    }

    private static String realm(String path) {
        return path.startsWith("/actuator/") ? "cdn-metrics" : "cdn-admin";
    }
}
