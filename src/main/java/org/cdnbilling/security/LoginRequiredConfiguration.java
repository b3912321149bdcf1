package org.cdnbilling.security;

import jakarta.servlet.Filter;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Everything but the RPC API needs a login: the admin API and the engine REST API by HTTP Basic against
 * Camunda's identity service; Cockpit has its own login page. In front of them, in this order: Camunda
 * endpoints that must never answer are refused ({@link RefusedEndpointsFilter}), and clients that failed to
 * log in too often are held back ({@link LoginThrottleFilter}). These filters come before Camunda's webapp
 * filters, which Camunda appends after the application's.
 */
@Configuration(proxyBeanMethods = false)
class LoginRequiredConfiguration {

    /** Right after {@code RequestIdFilter}, so that refusals carry a RequestId too. */
    private static final int FIRST = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<Filter> refusedCamundaEndpoints() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new RefusedEndpointsFilter());
        registration.setName("cdn-refused-endpoints");
        registration.addUrlPatterns("/camunda/api/*", "/engine-rest/*");
        registration.setOrder(FIRST);
        return registration;
    }

    @Bean
    FilterRegistrationBean<Filter> loginThrottleFilter(LoginThrottle throttle) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new LoginThrottleFilter(throttle));
        registration.setName("cdn-login-throttle");
        registration.addUrlPatterns("/admin/*", "/engine-rest/*", "/camunda/api/admin/auth/user/*");
        registration.setOrder(FIRST + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<Filter> adminApiLogin(IdentityService identity) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new OperatorBasicAuthFilter(identity));
        registration.setName("cdn-admin-auth");
        registration.addUrlPatterns("/admin/*");
        registration.setOrder(FIRST + 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<Filter> engineRestLogin() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("camunda-rest-auth");
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        registration.setOrder(FIRST + 2);
        return registration;
    }
}
