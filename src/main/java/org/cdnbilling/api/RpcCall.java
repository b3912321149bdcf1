package org.cdnbilling.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One call of the RPC API: its RequestId and its parameters, from the query string and a form body
 * (the first value where a name repeats).
 */
public record RpcCall(String requestId, Map<String, String> parameters, HttpServletRequest request) {

    public RpcCall {
        parameters = Collections.unmodifiableMap(parameters);
    }

    static RpcCall from(HttpServletRequest request, String requestId) {
        Map<String, String> parameters = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, values.length > 0 ? values[0] : ""));
        return new RpcCall(requestId, parameters, request);
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** A parameter that V1 requests carry in the query and V3 requests in an {@code x-acs-} header. */
    Optional<String> parameterOrHeader(String name, String header) {
        return parameter(name).or(() -> Optional.ofNullable(request.getHeader(header)));
    }
}
