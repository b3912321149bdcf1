package org.cdnbilling.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A password change ({@code PUT .../user/{id}/credentials}, under every prefix of the engine REST API) carries
 * the changing user's own password ({@code authenticatedUserPassword}), which Camunda checks: that check goes
 * through the gate's {@link CamundaPasswords} (and so the {@link LoginThrottle}) first. A wrong one answers 400 as
 * Camunda does and spends a failure; a throttled client gets 429. Only then does Camunda see the request.
 */
final class CredentialsChangeFilter extends OncePerRequestFilter {

    static final RequestMatcher CREDENTIALS = GatePaths.engineResource("user/[^/]+/credentials", HttpMethod.PUT);
    /** Two passwords in JSON: far less than this. */
    private static final int MAX_BODY = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuthenticationManager passwords;
    private final GateResponses responses;

    CredentialsChangeFilter(AuthenticationManager passwords, GateResponses responses) {
        this.passwords = passwords;
        this.responses = responses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (!CREDENTIALS.matches(request) || current == null) {
            chain.doFilter(request, response);
            return;
        }
        ReadAgain read = ReadAgain.of(request, MAX_BODY);
        String given = null;
        if (read != null) {
            try {
                JsonNode password = JSON.readTree(read.body()).path("authenticatedUserPassword");
                given = password.isTextual() ? password.textValue() : null;
            } catch (IOException malformed) {
                given = null;
            }
        }
        if (given == null) {
            ErrorResponses.camunda(response, HttpServletResponse.SC_BAD_REQUEST, "InvalidRequestException",
                    "The body must be a JSON object with authenticatedUserPassword and password");
            return;
        }
        try {
            passwords.authenticate(CamundaPasswords.attempt(current.getName(), given, LoginAttempt.of(request)));
        } catch (BadCredentialsException wrong) {
            ErrorResponses.camunda(response, HttpServletResponse.SC_BAD_REQUEST, "InvalidRequestException",
                    "The given authenticated user password is not valid.");
            return;
        } catch (AuthenticationException refused) {
            responses.commence(request, response, refused);
            return;
        }
        chain.doFilter(read, response);
    }
}
