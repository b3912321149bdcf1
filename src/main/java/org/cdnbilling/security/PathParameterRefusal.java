package org.cdnbilling.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A path with a path parameter ({@code ;...}) is refused (400) before anything parses it: no API of the service
 * takes one, Spring Security's firewall would refuse it too, but Spring's path parser in front of the gate fails on
 * one in the servlet's own segment ({@code /engine-rest;x=y/...}) with a 500 and a stack trace at ERROR.
 */
final class PathParameterRefusal extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        if (uri.indexOf(';') >= 0 || uri.toLowerCase(java.util.Locale.ROOT).contains("%3b")) {
            ErrorResponses.refuse(response, Paths.of(request), HttpServletResponse.SC_BAD_REQUEST, "Bad Request",
                    "InvalidRequestException", "A path may not carry path parameters (;)");
            return;
        }
        chain.doFilter(request, response);
    }
}
