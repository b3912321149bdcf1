package org.cdnbilling.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.cdnbilling.error.ApiException;

/** The flat error object of Alibaba's gateway, which every official SDK parses. */
@JsonPropertyOrder({"RequestId", "HostId", "Code", "Message", "Recommend"})
record ErrorBody(
        @JsonProperty("RequestId") String requestId,
        @JsonProperty("HostId") String hostId,
        @JsonProperty("Code") String code,
        @JsonProperty("Message") String message,
        @JsonProperty("Recommend") String recommend) {

    /** The body of a refusal, whoever answers it (the RPC endpoint or the server itself). */
    static ErrorBody of(ApiException error, String requestId, ApiSettings settings) {
        String code = error.errorCode().code();
        return new ErrorBody(requestId, settings.hostId(), code, error.callerMessage(),
                settings.recommendFor(code, requestId));
    }
}
