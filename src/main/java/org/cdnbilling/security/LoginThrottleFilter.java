package org.cdnbilling.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;

/**
 * In front of every password check over HTTP: a request to the admin API or the engine REST API that carries
 * credentials, and Cockpit's (and Camunda Admin's, Tasklist's) login. A client address that failed too often
 * ({@link LoginThrottle}) gets 429 before its password is looked at; each failure (the check answered 401) is
 * logged with the user name and the client address.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottleFilter.class);
    private static final Pattern WEBAPP_LOGIN = Pattern.compile("/camunda/api/admin/auth/user/[^/]+/login/[^/]+/?");
    private static final String BASIC = "Basic ";

    private final LoginThrottle throttle;

    LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = Paths.of(request);
        boolean webappLogin = "POST".equalsIgnoreCase(request.getMethod()) && WEBAPP_LOGIN.matcher(path).matches();
        if (!webappLogin && request.getHeader("Authorization") == null) {
            chain.doFilter(request, response);   // no password to check
            return;
        }
        String client = ClientAddress.of(request);
        LoginThrottle.Admission admission = throttle.admit(client);
        if (!admission.admitted()) {
            long seconds = Math.max(1, (admission.retryAfter().toMillis() + 999) / 1000);
            log.debug("Login from {} refused for {} s: too many failed logins", client, seconds);
            response.setHeader("Retry-After", Long.toString(seconds));
            ErrorResponses.refuse(response, path, 429, "Too Many Requests", "LoginThrottledException",
                    "Too many failed logins from this address; try again in " + seconds + " seconds");
            return;
        }
        HttpServletRequest checked = webappLogin ? new ContentCachingRequestWrapper(request) : request;
        boolean failed = false;
        try {
            chain.doFilter(checked, response);
            failed = response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED;
        } finally {
            if (failed) {
                long left = throttle.failed(client);
                String user = webappLogin ? formUser((ContentCachingRequestWrapper) checked) : basicUser(request);
                log.warn("Failed login of user {} from {} ({} {}); {} more failures allowed now", user, client,
                        request.getMethod(), path, left);
            }
        }
    }

    private static String basicUser(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return "(no Basic credentials)";
        }
        try {
            String credentials = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
            int colon = credentials.indexOf(':');
            return printable(colon < 0 ? credentials : credentials.substring(0, colon));
        } catch (IllegalArgumentException e) {
            return "(malformed Basic credentials)";
        }
    }

    private static String formUser(ContentCachingRequestWrapper request) {
        String form = new String(request.getContentAsByteArray(), StandardCharsets.ISO_8859_1);
        for (String pair : form.split("&")) {
            if (pair.startsWith("username=")) {
                try {
                    return printable(URLDecoder.decode(pair.substring("username=".length()), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return "(malformed user name)";
                }
            }
        }
        return "(no user name)";
    }

    /** A user name as sent by anyone, fit for one log line. */
    private static String printable(String name) {
        String shortened = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        return '"' + shortened.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
