package org.cdnbilling.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Alibaba's signature V3 ({@code Authorization: ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,
 * Signature=...}): a canonical request of method, path, query, the headers the client chose to sign and
 * the body hash, hashed with SHA-256 and signed with HMAC-SHA256 under the secret.
 */
public final class Acs3Signature {

    public static final String ALGORITHM = "ACS3-HMAC-SHA256";

    private Acs3Signature() {
    }

    /** The fields of an ACS3 {@code Authorization} header, read by name in any order. */
    public record Authorization(String accessKeyId, List<String> signedHeaders, String signature) {

        /** Empty if the header does not carry the three fields. */
        public static Optional<Authorization> parse(String header) {
            if (header == null || !header.startsWith(ALGORITHM + " ")) {
                return Optional.empty();
            }
            Map<String, String> fields = new TreeMap<>();
            for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
                int equals = part.indexOf('=');
                if (equals > 0) {
                    fields.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
                }
            }
            String credential = fields.get("Credential");
            String signedHeaders = fields.get("SignedHeaders");
            String signature = fields.get("Signature");
            if (isBlank(credential) || isBlank(signedHeaders) || isBlank(signature)) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            for (String name : signedHeaders.split(";")) {
                if (name.isBlank()) {
                    return Optional.empty();
                }
                names.add(name.trim().toLowerCase(java.util.Locale.ROOT));
            }
            return Optional.of(new Authorization(credential, List.copyOf(names), signature));
        }

        private static boolean isBlank(String value) {
            return value == null || value.isBlank();
        }
    }

    /**
     * @param query the decoded query parameters
     * @param header the value of a (lower-case) header name as received, or null
     */
    public static String canonicalRequest(String httpMethod, Map<String, String> query,
            Function<String, String> header, List<String> signedHeaders, String payloadHash) {
        String canonicalQuery = new TreeMap<>(query).entrySet().stream()
                .map(e -> PercentEncoding.encode(e.getKey()) + "=" + PercentEncoding.encode(e.getValue()))
                .collect(Collectors.joining("&"));
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders) {
            String value = header.apply(name);
            canonicalHeaders.append(name).append(':').append(value == null ? "" : value.trim()).append('\n');
        }
        return String.join("\n", httpMethod, "/", canonicalQuery, canonicalHeaders.toString(),
                String.join(";", signedHeaders), payloadHash);
    }

    public static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + Hashing.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    public static String sign(String stringToSign, String accessKeySecret) {
        return Hashing.hex(Hashing.hmac("HmacSHA256", accessKeySecret, stringToSign));
    }

    public static String payloadHash(byte[] body) {
        return Hashing.sha256Hex(body);
    }
}
