package org.cdnbilling.gateway;

/** A caller whose call passed authentication, and the signature's nonce still to record (null if unsigned). */
record Authenticated(Caller caller, SignatureNonce nonce) {
}
