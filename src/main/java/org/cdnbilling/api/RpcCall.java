package org.cdnbilling.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * One call of the RPC API, read exactly as received: the method, the decoded query parameters, the
 * parameters of query and form body together (the query's value where a name is in both, the first where
 * a name repeats), the raw body, and the headers.
 */
public record RpcCall(
        String requestId,
        String httpMethod,
        Map<String, String> query,
        Map<String, String> parameters,
        byte[] body,
        HttpServletRequest request) {

    public RpcCall {
        query = Collections.unmodifiableMap(query);
        parameters = Collections.unmodifiableMap(parameters);
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** A parameter sent with a value: one sent empty ({@code Name=}) counts as not sent. */
    public Optional<String> nonEmptyParameter(String name) {
        return parameter(name).filter(value -> !value.isEmpty());
    }

    /** A header by name (case-insensitive), or null. */
    public String header(String name) {
        return request.getHeader(name);
    }

    /** A parameter that V1 requests carry in the query and V3 requests in an {@code x-acs-} header. */
    Optional<String> parameterOrHeader(String name, String header) {
        return parameter(name).or(() -> Optional.ofNullable(request.getHeader(header)));
    }
}
