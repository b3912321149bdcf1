package org.cdnbilling.gateway;

/**
 * Admits a call in three steps (H2, a single node): the nonce is checked unused (a read), a token is taken from
 * the user's bucket in {@link FlowLimitBuckets} (memory), and the nonce is recorded in a transaction of its own.
 * The same nonce sent twice at once passes the check twice, and the second record is refused.
 */
final class StepwiseAdmissions implements Admissions {

    private final NonceRegistry nonces;
    private final FlowLimitBuckets buckets;

    StepwiseAdmissions(NonceRegistry nonces, FlowLimitBuckets buckets) {
        this.nonces = nonces;
        this.buckets = buckets;
    }

    @Override
    public Verdict admit(SignatureNonce nonce, CallLimit limit) {
        if (nonce != null && nonces.isUsed(nonce)) {
            return Verdict.NONCE_USED;
        }
        if (limit != null && !buckets.tryConsume(limit.key(), limit.bandwidth())) {
            return Verdict.THROTTLED;
        }
        if (nonce != null && !nonces.record(nonce)) {
            // another call with the same nonce was recorded since the check
            return Verdict.NONCE_USED;
        }
        return Verdict.ADMITTED;
    }
}
