package org.cdnbilling.gateway;

import java.time.Instant;

/** The nonce of a verified signature, and the request's timestamp it was signed with. */
record SignatureNonce(String accessKeyId, String nonce, Instant timestamp) {
}
