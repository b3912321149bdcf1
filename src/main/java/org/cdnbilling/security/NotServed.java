package org.cdnbilling.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** A path that no API of the service serves: 404, problem details, whoever asks. */
enum NotServed implements AuthenticationEntryPoint, AccessDeniedHandler {
    INSTANCE;

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        notServed(response);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        notServed(response);
    }

    private static void notServed(HttpServletResponse response) throws IOException {
        ErrorResponses.problem(response, HttpServletResponse.SC_NOT_FOUND, "Not Found",
                "No API of this service is at this path");
    }
}
