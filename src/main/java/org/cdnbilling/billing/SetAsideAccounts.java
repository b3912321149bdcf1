package org.cdnbilling.billing;

import java.util.Set;

/**
 * Accounts set aside from billing runs because their rating threw: each is an instance of
 * {@code cdn-billing-set-aside} (business key OwnerId) in Cockpit, whose job bills the account alone and is an
 * incident naming it and the reason until the cause is fixed. While an account is set aside, runs neither find it
 * due nor bill it; its unbilled marks stay, so it is billed once, when its job succeeds.
 */
public interface SetAsideAccounts {

    /** The accounts set aside now. */
    Set<Long> all();

    /** Sets the account aside, in the caller's transaction; {@code reason} says what its rating threw. */
    void setAside(long ownerId, String reason, String runId);
}
