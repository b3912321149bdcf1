package org.cdnbilling.gateway;

import org.cdnbilling.account.Account;
import org.cdnbilling.account.Accounts;
import org.cdnbilling.api.RpcCall;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * Who is calling. A signed call (V3 by its {@code Authorization} header, V1 by its {@code Signature}
 * parameter) acts for the AccessKey's account, and an {@code OwnerId} it names must be that account.
 * Unsigned calls are refused unless the trusted-gateway mode is on, where {@code OwnerId} or
 * {@code OwnerAccount} name the account. Authenticating writes nothing: {@link CallAdmission} records the
 * nonce once the call has passed the flow limit.
 */
@Component
class CallerAuthentication {

    private final SignatureVerifier signatures;
    private final Accounts accounts;
    private final GatewaySettings settings;

    CallerAuthentication(SignatureVerifier signatures, Accounts accounts, GatewaySettings settings) {
        this.signatures = signatures;
        this.accounts = accounts;
        this.settings = settings;
    }

    /**
     * The caller and its signature's nonce, still to be checked unused and recorded (null for a trusted gateway's
     * call).
     */
    Authenticated authenticate(RpcCall call) {
        String authorization = call.header("Authorization");
        if (authorization != null && authorization.startsWith(Acs3Signature.ALGORITHM)) {
            return matchingOwner(call, signatures.verifyV3(call, authorization));
        }
        if (call.parameter("Signature").isPresent()) {
            return matchingOwner(call, signatures.verifyV1(call));
        }
        if (settings.trustedGateway()) {
            return new Authenticated(new Caller(ownerNamedBy(call), null), null);
        }
        throw new ApiException(ErrorCode.MISSING_PARAMETER,
                call.parameter("AccessKeyId").isPresent() ? "Signature" : "AccessKeyId");
    }

    private static Authenticated matchingOwner(RpcCall call, Authenticated authenticated) {
        String ownerId = call.parameter("OwnerId").orElse("");
        if (!ownerId.isEmpty() && !ownerId.equals(Long.toString(authenticated.caller().ownerId()))) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "OwnerId");
        }
        return authenticated;
    }

    private long ownerNamedBy(RpcCall call) {
        String ownerId = call.parameter("OwnerId").filter(v -> !v.isEmpty()).orElse(null);
        if (ownerId != null) {
            return parseOwnerId(ownerId);
        }
        String ownerAccount = call.parameter("OwnerAccount").filter(v -> !v.isEmpty()).orElse(null);
        if (ownerAccount != null) {
            return accounts.findByOwnerAccount(ownerAccount).map(Account::ownerId)
                    .orElseThrow(() -> new ApiException(ErrorCode.USER_PROFILE_INCOMPLETE));
        }
        throw new ApiException(ErrorCode.MISSING_OWNER);
    }

    private static long parseOwnerId(String value) {
        try {
            long ownerId = Long.parseLong(value);
            if (ownerId > 0) {
                return ownerId;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.INVALID_PARAMETER, "OwnerId");
    }
}
