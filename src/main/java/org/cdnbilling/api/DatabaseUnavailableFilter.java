package org.cdnbilling.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.cdnbilling.persistence.DatabaseUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request that fails because the database is unavailable ({@link DatabaseUnavailable#isCause}) and that no API
 * answered itself (the admin API's controllers, the logins of the admin API and the engine REST API, which check
 * passwords in Camunda's identity service) is answered 503 with {@code Retry-After}, in the API's dialect, instead
 * of the container's 500. It wraps every other filter but {@link RequestIdFilter}, so that failures of the login
 * filters reach it too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class DatabaseUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

    private final ErrorDialects dialects;

    DatabaseUnavailableFilter(ErrorDialects dialects) {
        this.dialects = dialects;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!DatabaseUnavailable.isCause(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("Database unavailable: {} {} answered 503: {}", request.getMethod(), request.getRequestURI(),
                    rootCause(e).toString());
            response.reset();
            dialects.databaseUnavailable(request, response);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
