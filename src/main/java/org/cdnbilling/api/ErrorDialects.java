package org.cdnbilling.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * The refusals that servlet filters write before or around an API's own code (a body over the limit, the database
 * gone), each in the dialect of the API the path belongs to: RFC 9457 problem details for {@code /admin}, Camunda's
 * {@code {"type":...,"message":...}} for the engine REST API and Camunda's webapps, Alibaba's error body for the
 * RPC API (everything else).
 */
@Component
public class ErrorDialects {

    /** The message of a 503 for the admin API and Camunda's APIs. */
    public static final String DATABASE_UNAVAILABLE = "The database is unavailable; try again later";
    /** The {@code type} of a 503 in Camunda's dialect (the name of JAX-RS's exception for 503). */
    public static final String CAMUNDA_UNAVAILABLE_TYPE = "ServiceUnavailableException";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiSettings api;
    private final HttpSettings http;

    ErrorDialects(ApiSettings api, HttpSettings http) {
        this.api = api;
        this.http = http;
    }

    /** The seconds of the {@code Retry-After} header of a 503. */
    public String retryAfterSeconds() {
        return http.retryAfterSeconds();
    }

    /** The detail of a 413 problem of the admin API. */
    public String tooLargeDetail() {
        return "A request body may carry at most " + http.maxBodyBytes() + " bytes (cdn.http.max-body-size)";
    }

    /** 413: the body is larger than {@code cdn.http.max-body-size}; the connection is closed after the answer. */
    void bodyTooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        write(request, response, ErrorCode.REQUEST_BODY_TOO_LARGE, "Content Too Large", tooLargeDetail(),
                "RequestBodyTooLargeException");
    }

    /** 503 with {@code Retry-After}: the database cannot be reached. */
    void databaseUnavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", retryAfterSeconds());
        write(request, response, ErrorCode.SERVICE_UNAVAILABLE, "Service Unavailable", DATABASE_UNAVAILABLE,
                CAMUNDA_UNAVAILABLE_TYPE);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String title,
            String detail, String camundaType) throws IOException {
        String path = path(request);
        String requestId = RequestIds.of(request);
        response.setHeader(RequestIds.HEADER, requestId);
        int status = code.status().value();
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "about:blank");
            body.put("title", title);
            body.put("status", status);
            body.put("detail", detail);
            body.put("instance", request.getRequestURI());
            write(response, status, "application/problem+json", JSON.writeValueAsBytes(body));
        } else if (path.startsWith("/engine-rest/") || path.startsWith("/camunda/")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", camundaType);
            body.put("message", detail);
            write(response, status, "application/json", JSON.writeValueAsBytes(body));
        } else {
            write(response, status, RpcResponses.JSON_UTF8.toString(),
                    JSON.writeValueAsBytes(ErrorBody.of(new ApiException(code), requestId, api)));
        }
    }

    private static void write(HttpServletResponse response, int status, String contentType, byte[] body)
            throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();   // out before Tomcat swallows or drops the rest of a refused body
    }

    /** The path as the container mapped it: decoded, normalized, without the context path. */
    static String path(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }
}
