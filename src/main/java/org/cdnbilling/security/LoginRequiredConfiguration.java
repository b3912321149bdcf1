package org.cdnbilling.security;

import jakarta.servlet.Filter;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Everything but the RPC API needs a login: the admin API and the engine REST API by HTTP Basic against
 * Camunda's identity service; Cockpit has its own login page.
 */
@Configuration(proxyBeanMethods = false)
class LoginRequiredConfiguration {

    @Bean
    FilterRegistrationBean<Filter> adminApiLogin(IdentityService identity) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new OperatorBasicAuthFilter(identity));
        registration.setName("cdn-admin-auth");
        registration.addUrlPatterns("/admin/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<Filter> engineRestLogin() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("camunda-rest-auth");
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        return registration;
    }
}
