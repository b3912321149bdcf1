package org.cdnbilling.webapp;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Pages that do not exist are a 404, not a server error logged with a stack trace that anyone could repeat
 * without a login:
 * <ul>
 * <li>the index page of a Camunda webapp for an engine or a webapp that does not exist
 * ({@code /camunda/app/cockpit/nosuch/}): Camunda's webapp filter serves an index page for any name and fails on
 * the missing engine ({@code NullPointerException});</li>
 * <li>{@code /error} asked for directly: Spring Boot's error page has no error to show and answers 500.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class UnknownPagesConfiguration {

    /** After the login filters, before Camunda's webapp filters (registered by the starter with no order). */
    private static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    @Bean
    FilterRegistrationBean<Filter> unknownWebappPages(ProcessEngine engine,
            @Value("${camunda.bpm.webapp.application-path:/camunda}") String applicationPath) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
                new UnknownWebappPageFilter(applicationPath, engine.getName()));
        registration.setName("unknownWebappPages");
        registration.addUrlPatterns(applicationPath + "/app/*");
        registration.setOrder(ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<Filter> errorPageAskedForDirectly() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new HttpFilter() {
            @Override
            protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        });
        registration.setName("errorPageAskedForDirectly");
        registration.addUrlPatterns("/error", "/error/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);   // not the error dispatch that renders errors
        registration.setOrder(ORDER);
        return registration;
    }

    /**
     * Answers 404 where Camunda's webapp filter would serve an index page ({@code /app/<webapp>/<engine>/},
     * {@code .../index.html}, {@code .../setup/}) for a webapp or an engine that does not exist.
     */
    static final class UnknownWebappPageFilter extends HttpFilter {

        static final Set<String> WEBAPPS = Set.of("cockpit", "admin", "tasklist", "welcome");

        /** Camunda's pattern of the webapp paths (ProcessEnginesFilter): webapp, engine, page. */
        private static final Pattern APP_PATH =
                Pattern.compile("/app/(?:([\\w-]+?)/(?:(index\\.html|[\\w-]+)?/?([^?]*)?)?)?");

        private final String applicationPath;
        private final String engineName;

        UnknownWebappPageFilter(String applicationPath, String engineName) {
            this.applicationPath = applicationPath;
            this.engineName = engineName;
        }

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.startsWith(applicationPath)) {
                Matcher app = APP_PATH.matcher(path.substring(applicationPath.length()));
                if (app.matches() && isIndexPage(app) && !(WEBAPPS.contains(app.group(1))
                        && engineName.equals(app.group(2)))) {
                    response.sendError(HttpServletResponse.SC_NOT_FOUND);
                    return;
                }
            }
            chain.doFilter(request, response);
        }

        private static boolean isIndexPage(Matcher app) {
            String engine = app.group(2);
            String page = app.group(3);
            return app.group(1) != null && engine != null && !engine.equals("index.html")
                    && (page == null || page.isEmpty() || page.equals("index.html") || page.equals("setup/"));
        }
    }
}
