package org.cdnbilling.gateway;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cdnbilling.accesskey.AccessKeyService;
import org.cdnbilling.accesskey.VerifiableKey;
import org.cdnbilling.api.RpcCall;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * Verifies the two signature methods of Alibaba's gateway, in the gateway's order: well-formed, known and
 * active key, timestamp, signature. Verifying reads the key and writes nothing: the nonce is checked unused and
 * recorded by {@link CallAdmission} in the same step as the flow limit (so neither forged nor throttled calls use
 * up nonces or leave rows).
 */
@Component
class SignatureVerifier {

    private static final List<String> V3_HEADERS_THAT_MUST_BE_SIGNED =
            List.of("x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256");
    private static final List<String> V3_HEADERS_SIGNED_WHEN_SENT = List.of("x-acs-action", "x-acs-version");

    private final AccessKeyService keys;
    private final GatewaySettings settings;
    private final Clock clock;

    SignatureVerifier(AccessKeyService keys, GatewaySettings settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    /** {@code SignatureMethod=HMAC-SHA1} with {@code Signature} among the parameters. */
    Authenticated verifyV1(RpcCall call) {
        String accessKeyId = required(call, "AccessKeyId");
        String signature = required(call, "Signature");
        String method = required(call, "SignatureMethod");
        if (!"HMAC-SHA1".equals(method)) {
            throw new ApiException(ErrorCode.INVALID_SIGNATURE_METHOD);
        }
        if (!"1.0".equals(required(call, "SignatureVersion"))) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "SignatureVersion");
        }
        String nonce = required(call, "SignatureNonce");
        String timestamp = required(call, "Timestamp");
        checkNonceShape(nonce, "SignatureNonce");
        VerifiableKey key = activeKey(accessKeyId);
        Instant stamped = RequestTimestamps.check(timestamp, clock, settings.timestampTolerance());

        Map<String, String> signed = new HashMap<>(call.parameters());
        signed.remove("Signature");
        String stringToSign = RpcSignatureV1.stringToSign(call.httpMethod(), signed, false);
        boolean valid = RpcSignatureV1.matches(RpcSignatureV1.sign(stringToSign, key.secret()), signature)
                || RpcSignatureV1.matches(RpcSignatureV1.sign(
                        RpcSignatureV1.stringToSign(call.httpMethod(), signed, true), key.secret()), signature);
        if (!valid) {
            throw new ApiException(ErrorCode.SIGNATURE_DOES_NOT_MATCH, stringToSign);
        }
        return verified(key, nonce, stamped);
    }

    /** {@code Authorization: ACS3-HMAC-SHA256 ...}. */
    Authenticated verifyV3(RpcCall call, String authorizationHeader) {
        Acs3Signature.Authorization authorization = Acs3Signature.Authorization.parse(authorizationHeader)
                .orElseThrow(() -> new ApiException(ErrorCode.INCOMPLETE_SIGNATURE,
                        "The Authorization header needs Credential, SignedHeaders and Signature."));
        for (String header : V3_HEADERS_THAT_MUST_BE_SIGNED) {
            requireSigned(call, authorization, header, true);
        }
        for (String header : V3_HEADERS_SIGNED_WHEN_SENT) {
            requireSigned(call, authorization, header, false);
        }
        String nonce = call.header("x-acs-signature-nonce");
        checkNonceShape(nonce, "x-acs-signature-nonce");
        VerifiableKey key = activeKey(authorization.accessKeyId());
        Instant stamped = RequestTimestamps.check(call.header("x-acs-date"), clock, settings.timestampTolerance());

        String declaredHash = call.header("x-acs-content-sha256").trim().toLowerCase(Locale.ROOT);
        String stringToSign = Acs3Signature.stringToSign(Acs3Signature.canonicalRequest(call.httpMethod(),
                call.query(), call::header, authorization.signedHeaders(), declaredHash));
        if (!Hashing.constantTimeEquals(Acs3Signature.sign(stringToSign, key.secret()),
                authorization.signature().toLowerCase(Locale.ROOT))) {
            throw new ApiException(ErrorCode.SIGNATURE_DOES_NOT_MATCH, stringToSign);
        }
        if (!declaredHash.equals(Acs3Signature.payloadHash(call.body()))) {
            throw new ApiException(ErrorCode.INCOMPLETE_SIGNATURE,
                    "x-acs-content-sha256 is not the SHA-256 of the request body.");
        }
        return verified(key, nonce, stamped);
    }

    private static void requireSigned(RpcCall call, Acs3Signature.Authorization authorization, String header,
            boolean mustBeSent) {
        boolean sent = call.header(header) != null;
        if (mustBeSent && !sent) {
            throw new ApiException(ErrorCode.INCOMPLETE_SIGNATURE, "The header " + header + " is required.");
        }
        if (sent && !authorization.signedHeaders().contains(header)) {
            throw new ApiException(ErrorCode.INCOMPLETE_SIGNATURE, "The header " + header + " must be signed.");
        }
    }

    private VerifiableKey activeKey(String accessKeyId) {
        VerifiableKey key = keys.verifiable(accessKeyId)
                .orElseThrow(() -> new ApiException(ErrorCode.ACCESS_KEY_NOT_FOUND));
        if (!key.active()) {
            throw new ApiException(ErrorCode.ACCESS_KEY_INACTIVE);
        }
        return key;
    }

    /** The verified caller with its nonce, still to be checked unused and recorded. */
    private static Authenticated verified(VerifiableKey key, String nonce, Instant stamped) {
        return new Authenticated(new Caller(key.ownerId(), key.accessKeyId()),
                new SignatureNonce(key.accessKeyId(), nonce, stamped));
    }

    private static void checkNonceShape(String nonce, String name) {
        if (nonce == null || nonce.isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_PARAMETER, name);
        }
        if (nonce.length() > 128) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, name);
        }
    }

    private static String required(RpcCall call, String name) {
        return call.parameter(name).filter(value -> !value.isEmpty())
                .orElseThrow(() -> new ApiException(ErrorCode.MISSING_PARAMETER, name));
    }
}
