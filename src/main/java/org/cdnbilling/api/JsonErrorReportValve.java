package org.cdnbilling.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;

/**
 * Errors that Tomcat answers itself, before any application code runs (a request line or headers too large
 * or malformed), get the same flat JSON error as every other refusal instead of Tomcat's HTML page.
 * <p>
 * Like Tomcat's own valve it writes only where an error was sent ({@code sendError}) and no one has reported
 * it yet. A response whose status alone says 4xx or 5xx is left as its writer made it: the engine REST API's
 * 401 (status and {@code WWW-Authenticate}, as Camunda sends it), the admin API's problem details, Cockpit's
 * login refusal. Those are not the RPC API's, so they must not get its error body.
 */
class JsonErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiSettings settings;

    JsonErrorReportValve(ApiSettings settings) {
        this.settings = settings;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.isCommitted() || response.getContentWritten() > 0
                || !response.setErrorReported()) {
            return;
        }
        ApiException error = status >= 500
                ? new ApiException(ErrorCode.INTERNAL_ERROR)
                : new ApiException(ErrorCode.INVALID_PARAMETER, "Request");
        Object assigned = request.getAttribute(RequestIds.ATTRIBUTE);
        String requestId = assigned instanceof String id ? id : RequestIds.newRequestId();
        ErrorBody body = ErrorBody.of(error, requestId, settings);
        try {
            response.setContentType(RpcResponses.JSON_UTF8.toString());
            response.setHeader(RequestIds.HEADER, requestId);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(body));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body any more
        }
    }
}
