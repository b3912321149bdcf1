package org.cdnbilling.gateway;

import io.github.bucket4j.Bandwidth;
import java.time.Duration;

/**
 * Where token buckets live: this node's memory (H2, one node), or the PostgreSQL database all nodes share, so that
 * a limit holds for the cluster. The gateway's flow limit ({@code Throttling.User}) and the login throttle
 * ({@code org.cdnbilling.security.LoginThrottle}) keep theirs here, under keys of their own.
 */
public interface FlowLimitBuckets {

    /** Takes one token from the key's bucket, created full with the limit on first use; false if it is empty. */
    boolean tryConsume(String key, Bandwidth limit);

    /** Zero while the key's bucket has a token (none is taken), else how long until it has one. */
    Duration waitForToken(String key, Bandwidth limit);

    /** Takes one token even from an empty bucket, which goes into debt; the tokens left, never below zero. */
    long consumeIntoDebt(String key, Bandwidth limit);
}
