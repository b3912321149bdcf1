package org.cdnbilling.gateway;

import org.cdnbilling.api.RpcCall;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * Whether a call may be performed, in an order that lets a refused call write nothing: the signature is
 * verified (no write), then in one step ({@link Admissions}) its nonce is checked unused, the flow limit applied,
 * and the nonce recorded. A call refused at any step leaves no row behind, except that on PostgreSQL a call the
 * flow limit refuses is counted in its user's window row ({@link PostgresAdmissions}).
 */
@Component
public class CallAdmission {

    private final CallerAuthentication authentication;
    private final UserThrottle throttle;
    private final Admissions admissions;

    CallAdmission(CallerAuthentication authentication, UserThrottle throttle, Admissions admissions) {
        this.authentication = authentication;
        this.throttle = throttle;
        this.admissions = admissions;
    }

    /** The caller of an admitted call of the action; throws the documented error if the call is refused. */
    public Caller admit(RpcCall call, String action) {
        Authenticated authenticated = authentication.authenticate(call);
        Caller caller = authenticated.caller();
        switch (admissions.admit(authenticated.nonce(), throttle.limitOf(caller.ownerId(), action))) {
            case NONCE_USED -> throw new ApiException(ErrorCode.SIGNATURE_NONCE_USED);
            case THROTTLED -> throw new ApiException(ErrorCode.THROTTLING_USER);
            case ADMITTED -> {
                return caller;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
