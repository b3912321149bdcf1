package org.cdnbilling.gateway;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Alibaba's RPC signature "V1" ({@code SignatureMethod=HMAC-SHA1}, {@code SignatureVersion=1.0}): every
 * parameter but {@code Signature}, sorted by name, percent-encoded, signed with HMAC-SHA1 under
 * {@code secret + "&"}.
 */
public final class RpcSignatureV1 {

    private RpcSignatureV1() {
    }

    /**
     * @param parameters the decoded request parameters (query and form body), {@code Signature} excluded
     * @param skipEmptyValues the Tea SDK's variant, which leaves parameters with empty values out
     */
    public static String stringToSign(String httpMethod, Map<String, String> parameters, boolean skipEmptyValues) {
        String canonicalQuery = new TreeMap<>(parameters).entrySet().stream()
                .filter(e -> !"Signature".equals(e.getKey()))
                .filter(e -> !skipEmptyValues || !e.getValue().isEmpty())
                .map(e -> PercentEncoding.encode(e.getKey()) + "=" + PercentEncoding.encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return httpMethod + "&" + PercentEncoding.encode("/") + "&" + PercentEncoding.encode(canonicalQuery);
    }

    public static String sign(String stringToSign, String accessKeySecret) {
        return Base64.getEncoder().encodeToString(Hashing.hmac("HmacSHA1", accessKeySecret + "&", stringToSign));
    }

    static boolean matches(String expected, String given) {
        return Hashing.constantTimeEquals(expected, given);
    }
}
