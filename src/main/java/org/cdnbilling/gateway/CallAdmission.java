package org.cdnbilling.gateway;

import org.cdnbilling.api.RpcCall;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * Whether a call may be performed, in an order that lets a refused call write nothing: the signature is
 * verified (no write), its nonce checked unused (a read), the flow limit applied, and only then the nonce
 * recorded. A call refused at any step leaves no row behind; on PostgreSQL the one write before the nonce is
 * the flow limit's own bucket row (see {@link PostgresFlowLimitBuckets}).
 */
@Component
public class CallAdmission {

    private final CallerAuthentication authentication;
    private final UserThrottle throttle;
    private final NonceRegistry nonces;

    CallAdmission(CallerAuthentication authentication, UserThrottle throttle, NonceRegistry nonces) {
        this.authentication = authentication;
        this.throttle = throttle;
        this.nonces = nonces;
    }

    /** The caller of an admitted call of the action; throws the documented error if the call is refused. */
    public Caller admit(RpcCall call, String action) {
        Authenticated authenticated = authentication.authenticate(call);
        throttle.admit(authenticated.caller().ownerId(), action);
        if (authenticated.nonce() != null && !nonces.record(authenticated.nonce())) {
            // another call with the same nonce was recorded since the check
            throw new ApiException(ErrorCode.SIGNATURE_NONCE_USED);
        }
        return authenticated.caller();
    }
}
