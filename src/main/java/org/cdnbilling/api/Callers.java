package org.cdnbilling.api;

import org.cdnbilling.account.Account;
import org.cdnbilling.account.Accounts;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Who is calling: the account named by {@code OwnerId}, or by {@code OwnerAccount}, as a trusted gateway
 * in front of this service sets them.
 */
@Component
public class Callers {

    private final Accounts accounts;

    Callers(Accounts accounts) {
        this.accounts = accounts;
    }

    /** The OwnerId of the calling account; also put in the log context. */
    public long ownerOf(RpcCall call) {
        long ownerId = resolve(call);
        MDC.put(RequestIds.MDC_OWNER_ID, Long.toString(ownerId));
        return ownerId;
    }

    private long resolve(RpcCall call) {
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
