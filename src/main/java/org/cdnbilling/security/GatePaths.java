package org.cdnbilling.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Request matchers of the gate ({@link SecurityGate}), on the path as the servlet container mapped it (decoded and
 * normalized; Spring Security's firewall has already refused encoded slashes, {@code ..}, {@code ;} and {@code //}).
 * Camunda's REST API answers each resource under three prefixes, {@code /engine-rest}, {@code
 * /engine-rest/engine/{name}} (the named engine) and, for the webapps, {@code /camunda/api/engine/engine/{name}},
 * each with or without trailing slashes: a resource matcher covers them all.
 */
final class GatePaths {

    /** The engine REST API, the default engine or a named one. */
    static final String ENGINE_REST = "/engine-rest(?:/engine/[^/]+)?";
    /** The same resources as the webapps (Cockpit, Admin, Welcome) call them, with the webapp's session. */
    static final String WEBAPP_ENGINE = "/camunda/api/engine/engine/[^/]+";

    private GatePaths() {
    }

    /** A resource of the engine REST API (a regular expression after the prefix), under either prefix. */
    static RequestMatcher engineResource(String resource, HttpMethod... methods) {
        return path("(?:" + ENGINE_REST + "|" + WEBAPP_ENGINE + ")/" + resource, methods);
    }

    /** A path (a regular expression, trailing slashes allowed) with one of the methods, or any method if none. */
    static RequestMatcher path(String regex, HttpMethod... methods) {
        return new PathMatcher(Pattern.compile(regex + "/*"),
                Arrays.stream(methods).map(HttpMethod::name).collect(Collectors.toUnmodifiableSet()));
    }

    private record PathMatcher(Pattern pattern, Set<String> methods) implements RequestMatcher {

        @Override
        public boolean matches(HttpServletRequest request) {
            return (methods.isEmpty() || methods.contains(request.getMethod()))
                    && pattern.matcher(Paths.of(request)).matches();
        }

        @Override
        public String toString() {
            return (methods.isEmpty() ? "" : methods + " ") + pattern;
        }
    }
}
