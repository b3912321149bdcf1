package org.cdnbilling.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * Reads an RPC call from the raw query string and body, as signature checks need them: form decoding
 * ({@code +} or {@code %20} for a space), UTF-8, the body kept byte for byte (a chunked empty body is
 * simply empty).
 */
@Component
class RpcCallReader {

    private static final String FORM = "application/x-www-form-urlencoded";

    private final HttpSettings settings;

    RpcCallReader(HttpSettings settings) {
        this.settings = settings;
    }

    RpcCall read(HttpServletRequest request, String requestId) throws IOException {
        byte[] body = readBody(request);
        Map<String, String> query = decodeForm(request.getQueryString());
        Map<String, String> parameters = new LinkedHashMap<>(query);
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM) && body.length > 0) {
            decodeForm(new String(body, StandardCharsets.UTF_8)).forEach(parameters::putIfAbsent);
        }
        return new RpcCall(requestId, request.getMethod(), query, parameters, body, request);
    }

    /** The body, at most {@code cdn.http.max-body-size} ({@link BodyLimitFilter} refuses larger ones first). */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        long limit = settings.maxBodyBytes();
        if (request.getContentLengthLong() > limit) {
            throw new RequestBodyTooLargeException();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw new RequestBodyTooLargeException();
            }
            return body;
        }
    }

    static Map<String, String> decodeForm(String encoded) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), "QueryString");
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static String decode(String text, String parameter) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, parameter);
        }
    }
}
