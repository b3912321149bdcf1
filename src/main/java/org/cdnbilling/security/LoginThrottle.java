package org.cdnbilling.security;

import io.github.bucket4j.Bandwidth;
import java.time.Duration;
import org.cdnbilling.gateway.FlowLimitBuckets;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing by client address, so that nobody can lock an account: each address may fail
 * {@link LoginThrottleSettings#failures()} logins in a row, then one more per
 * {@link LoginThrottleSettings#refillEvery()}; logins that succeed cost nothing. Bucket4j token buckets in the
 * flow limit's store ({@link FlowLimitBuckets}): on PostgreSQL a table that every node shares, so the budget is
 * one for the cluster and survives a restart; on H2 (one node) this node's memory.
 * <p>
 * A password check is {@link #admit admitted} while the address has a failure left, and only a failed one
 * {@link #failed spends} it: right passwords sent in parallel (the metering pipeline, the account centre) never
 * hold each other back. Guesses sent in parallel may all be admitted at once, but each spends a failure even
 * beyond the budget (the bucket goes into debt), so the address then waits for all of them: the rate of
 * guesses stays one per refill period on average.
 */
@Component
class LoginThrottle {

    /** An admitted check ({@code admitted}) or the wait until the address may try again. */
    record Admission(boolean admitted, Duration retryAfter) {
    }

    private final FlowLimitBuckets buckets;
    private final Bandwidth limit;
    /** Names the limit too, so that a changed setting starts with fresh buckets. */
    private final String keyPrefix;

    LoginThrottle(LoginThrottleSettings settings, FlowLimitBuckets buckets) {
        this.buckets = buckets;
        this.limit = Bandwidth.builder().capacity(settings.failures()).refillGreedy(1, settings.refillEvery()).build();
        this.keyPrefix = "login:" + settings.failures() + "/" + settings.refillEvery() + ":";
    }

    Admission admit(String client) {
        Duration wait = buckets.waitForToken(keyPrefix + client, limit);
        return new Admission(wait.isZero(), wait);
    }

    /** The password was wrong: spends one of the address's failures, into debt if need be; the failures left. */
    long failed(String client) {
        return buckets.consumeIntoDebt(keyPrefix + client, limit);
    }
}
