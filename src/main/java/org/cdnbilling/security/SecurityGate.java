package org.cdnbilling.security;

import static org.cdnbilling.security.GatePaths.engineResource;
import static org.cdnbilling.security.GatePaths.path;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.HEAD;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one gate in front of everything: who is logged in and what each path allows, with Spring Security, denying
 * what it does not name. Every password check goes through {@link CamundaPasswords} (and so the
 * {@link LoginThrottle}): HTTP Basic for the admin API, the engine REST API and the metrics; the webapps' login
 * form ({@link WebappLoginFilter}); a password change's own password ({@link CredentialsChangeFilter}). Resources
 * that check a password otherwise are refused to everyone ({@link GateResponses#REFUSED}). The roles are those of
 * docs/security.md ({@link Roles}); Camunda's authorization then limits what support may do in the engine.
 * <ul>
 * <li>{@link #apiGate}: the admin API, the engine REST API and the actuator, HTTP Basic and no session;</li>
 * <li>{@link #webappGate}: Cockpit, Admin, Tasklist and Welcome, logged in by their form, with the webapp's
 *     session;</li>
 * <li>{@link #rpcGate}: everything else: the RPC API on {@code /}, which authenticates its callers by their
 *     signatures (org.cdnbilling.gateway), and nothing more.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityGate {

    /** Writes to the identity: users, their passwords and profiles, groups, tenants and grants. */
    private static final RequestMatcher IDENTITY_WRITES = engineResource("(?:user|group|tenant|authorization)(?:/.*)?",
            POST, PUT, DELETE, PATCH);

    @Bean
    AuthenticationManager camundaPasswordCheck(IdentityService identity, LoginThrottle throttle,
            GroupAuthorities groups, AuthenticationEventPublisher events) {
        ProviderManager manager = new ProviderManager(new CamundaPasswords(identity, throttle, groups));
        manager.setAuthenticationEventPublisher(events);
        return manager;
    }

    @Bean
    GateResponses gateResponses() {
        return new GateResponses();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiGate(HttpSecurity http, AuthenticationManager passwords, GateResponses responses)
            throws Exception {
        http.securityMatcher(new OrRequestMatcher(path("/admin(?:/.*)?"), path("/engine-rest(?:/.*)?"),
                        path("/actuator(?:/.*)?")))
                .authenticationManager(passwords)
                .httpBasic(basic -> basic.authenticationEntryPoint(responses)
                        .authenticationDetailsSource(LoginAttempt.SOURCE))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(responses)
                        .accessDeniedHandler(responses))
                .addFilterAfter(new CredentialsChangeFilter(passwords, responses), AuthorizationFilter.class)
                .addFilterAfter(new OperatorLogContext(), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(rules -> rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(GateResponses.refused()).denyAll()
                        .requestMatchers(path("/actuator/health(?:/.*)?", GET, HEAD)).permitAll()
                        .requestMatchers(path("/actuator/prometheus", GET)).hasAnyAuthority(Roles.ADMIN, Roles.MONITORING)
                        .requestMatchers(path("/admin/usage", POST)).hasAnyAuthority(Roles.ADMIN, Roles.METERING)
                        // migrating running process instances: the operator only, whatever /admin/** may allow one day
                        .requestMatchers(path("/admin/process-migrations", GET, POST)).hasAuthority(Roles.ADMIN)
                        // which process versions the cluster starts and runs: the operator only, likewise
                        .requestMatchers(path("/admin/process-versions", GET),
                                path("/admin/process-versions/[^/]+", PUT, DELETE)).hasAuthority(Roles.ADMIN)
                        .requestMatchers(path("/admin(?:/.*)?")).hasAuthority(Roles.ADMIN)
                        .requestMatchers(IDENTITY_WRITES).hasAuthority(Roles.ADMIN)
                        .requestMatchers(path("/engine-rest(?:/.*)?")).hasAnyAuthority(Roles.ADMIN, Roles.SUPPORT)
                        .anyRequest().denyAll());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain webappGate(HttpSecurity http, AuthenticationManager passwords, GateResponses responses,
            GroupAuthorities groups) throws Exception {
        http.securityMatcher(path("/camunda(?:/.*)?"))
                .authenticationManager(passwords)
                .securityContext(context -> context.securityContextRepository(new WebappSessions(groups)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(cache -> cache.disable())
                // Camunda's webapps have their own CSRF protection (XSRF-TOKEN cookie and header) and headers
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(responses)
                        .accessDeniedHandler(responses))
                .addFilterBefore(new WebappLoginFilter(passwords, responses), AuthorizationFilter.class)
                .addFilterAfter(new CredentialsChangeFilter(passwords, responses), AuthorizationFilter.class)
                .authorizeHttpRequests(rules -> rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers(GateResponses.refused()).denyAll()
                        // the pages and their scripts, before any login
                        .requestMatchers(path("/camunda(?:/|/index\\.html|/favicon\\.ico)?", GET, HEAD),
                                path("/camunda/(?:app|lib|assets)/.*", GET, HEAD),
                                path("/camunda/api/(?:cockpit|admin|tasklist)/plugin/[^/]+/static/.*", GET, HEAD),
                                path("/camunda/api/engine/engine", GET)).permitAll()
                        // logging in and out, and asking who is logged in
                        .requestMatchers(WebappLoginFilter.LOGIN, WebappLoginFilter.LOGOUT,
                                path("/camunda/api/admin/auth/user/[^/]+", GET)).permitAll()
                        .requestMatchers(IDENTITY_WRITES).hasAuthority(Roles.ADMIN)
                        .requestMatchers(path("/camunda/api/(?:engine|cockpit|welcome)/.*"))
                                .hasAnyAuthority(Roles.ADMIN, Roles.SUPPORT)
                        .requestMatchers(path("/camunda/api/(?:admin|tasklist)/.*")).hasAuthority(Roles.ADMIN)
                        .anyRequest().denyAll());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain rpcGate(HttpSecurity http, GateResponses responses) throws Exception {
        http.securityMatcher(request -> true)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                // the RPC API answers exactly as Alibaba's gateway does, without headers of Spring Security's
                .headers(headers -> headers.disable())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(NotServed.INSTANCE)
                        .accessDeniedHandler(NotServed.INSTANCE))
                .authorizeHttpRequests(rules -> rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(path("/")).permitAll()
                        .anyRequest().denyAll());
        return http.build();
    }

    /** In front of the gate (and of Spring's path parsing): paths with path parameters are refused. */
    @Bean
    FilterRegistrationBean<Filter> pathParameterRefusal() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new PathParameterRefusal());
        registration.setName("cdn-path-parameters");
        registration.addUrlPatterns("/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    /**
     * Camunda's engine REST API runs as the user the gate authenticated (the request's principal) instead of
     * checking HTTP Basic itself: one password check per request, in the gate.
     */
    @Bean
    FilterRegistrationBean<Filter> engineRestUser() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("camunda-rest-auth");
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                ContainerBasedAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }
}
