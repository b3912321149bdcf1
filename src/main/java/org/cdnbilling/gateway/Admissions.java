package org.cdnbilling.gateway;

/**
 * The last step of admitting an authenticated call, all or nothing: its signature nonce must be unused (and is
 * then recorded, so that a replay is refused on every node), and its user must have a call left of the action's
 * budget (which it then spends). A call refused for a nonce already recorded spends no budget (the loser of two
 * calls sent at once with one nonce has counted its call by the time it finds the nonce taken); a call the flow
 * limit refuses records no nonce.
 */
interface Admissions {

    /** What became of a call. */
    enum Verdict { ADMITTED, NONCE_USED, THROTTLED }

    /**
     * Admits a call.
     *
     * @param nonce the signature's nonce, or null for a trusted gateway's unsigned call
     * @param limit the user's budget for the action, or null where the action is not limited
     */
    Verdict admit(SignatureNonce nonce, CallLimit limit);
}
