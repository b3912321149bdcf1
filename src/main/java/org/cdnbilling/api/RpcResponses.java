package org.cdnbilling.api;

import java.util.Map;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** Builds RPC responses: JSON with the exact content type the SDKs accept. */
@Component
class RpcResponses {

    static final MediaType JSON_UTF8 = MediaType.parseMediaType("application/json;charset=utf-8");

    private final ApiSettings settings;
    private final HttpSettings http;

    RpcResponses(ApiSettings settings, HttpSettings http) {
        this.settings = settings;
        this.http = http;
    }

    ResponseEntity<Object> success(Map<String, Object> body) {
        return ResponseEntity.ok().contentType(JSON_UTF8).body(body);
    }

    /** The error body; a 503 (the database is unavailable) says with {@code Retry-After} when to try again. */
    ResponseEntity<Object> error(ApiException e, String requestId) {
        ResponseEntity.BodyBuilder reply = ResponseEntity.status(e.errorCode().status()).contentType(JSON_UTF8);
        if (e.errorCode() == ErrorCode.SERVICE_UNAVAILABLE) {
            reply.header(HttpHeaders.RETRY_AFTER, http.retryAfterSeconds());
        }
        return reply.body(ErrorBody.of(e, requestId, settings));
    }
}
