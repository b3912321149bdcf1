package org.cdnbilling.gateway;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;

/**
 * Where token buckets live: this node's memory (H2, one node), or the PostgreSQL database all nodes share, so that
 * a limit holds for the cluster. The gateway's flow limit ({@code Throttling.User}) and the login throttle
 * ({@code org.cdnbilling.security.LoginThrottle}) keep theirs here, under keys of their own.
 */
public interface FlowLimitBuckets {

    /** The key's bucket, created full with the limit on first use. */
    Bucket bucket(String key, Bandwidth limit);

    /** Takes one token from the key's bucket; false if it is empty. */
    default boolean tryConsume(String key, Bandwidth limit) {
        return bucket(key, limit).tryConsume(1);
    }

    /** Zero while the key's bucket has a token (none is taken), else how long until it has one. */
    default Duration waitForToken(String key, Bandwidth limit) {
        EstimationProbe probe = bucket(key, limit).estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    /** Takes one token even from an empty bucket, which goes into debt; the tokens left, never below zero. */
    default long consumeIntoDebt(String key, Bandwidth limit) {
        Bucket bucket = bucket(key, limit);
        bucket.consumeIgnoringRateLimits(1);
        return Math.max(0, bucket.getAvailableTokens());
    }
}
