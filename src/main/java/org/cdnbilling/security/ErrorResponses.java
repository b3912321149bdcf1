package org.cdnbilling.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refusals written by the security filters, in the dialect of the API refused: RFC 9457 problem details for
 * the admin API, Camunda's {@code {"type":...,"message":...}} for the engine REST API and Camunda's webapps.
 */
final class ErrorResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorResponses() {
    }

    /** The admin API and the actuator answer problem details; Camunda's APIs their own dialect. */
    static boolean isAdminApi(String path) {
        return path.equals("/admin") || path.startsWith("/admin/") || path.startsWith("/actuator/");
    }

    /** Writes the refusal for the API the path belongs to. */
    static void refuse(HttpServletResponse response, String path, int status, String title, String camundaType,
            String message) throws IOException {
        if (isAdminApi(path)) {
            problem(response, status, title, message);
        } else {
            camunda(response, status, camundaType, message);
        }
    }

    static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        write(response, status, "application/problem+json", body);
    }

    static void camunda(HttpServletResponse response, int status, String type, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("message", message);
        write(response, status, "application/json", body);
    }

    private static void write(HttpServletResponse response, int status, String contentType, Map<String, Object> body)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType(contentType);   // JSON is UTF-8 (RFC 8259): no charset parameter
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }
}
