package org.cdnbilling.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The flat error object of Alibaba's gateway, which every official SDK parses. */
@JsonPropertyOrder({"RequestId", "HostId", "Code", "Message", "Recommend"})
record ErrorBody(
        @JsonProperty("RequestId") String requestId,
        @JsonProperty("HostId") String hostId,
        @JsonProperty("Code") String code,
        @JsonProperty("Message") String message,
        @JsonProperty("Recommend") String recommend) {
}
