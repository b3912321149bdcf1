package org.cdnbilling.api;

import java.util.Map;
import org.cdnbilling.error.ApiException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** Builds RPC responses: JSON with the exact content type the SDKs accept. */
@Component
class RpcResponses {

    static final MediaType JSON_UTF8 = MediaType.parseMediaType("application/json;charset=utf-8");

    private final ApiSettings settings;

    RpcResponses(ApiSettings settings) {
        this.settings = settings;
    }

    ResponseEntity<Object> success(Map<String, Object> body) {
        return ResponseEntity.ok().contentType(JSON_UTF8).body(body);
    }

    ResponseEntity<Object> error(ApiException e, String requestId) {
        return ResponseEntity.status(e.errorCode().status()).contentType(JSON_UTF8)
                .body(ErrorBody.of(e, requestId, settings));
    }
}
