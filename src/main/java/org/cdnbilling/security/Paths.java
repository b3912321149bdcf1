package org.cdnbilling.security;

import jakarta.servlet.http.HttpServletRequest;

/** The path of a request as the servlet container mapped it: decoded, normalized, without path parameters. */
final class Paths {

    private Paths() {
    }

    static String of(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }
}
