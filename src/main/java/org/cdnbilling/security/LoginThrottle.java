package org.cdnbilling.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing by client address, so that nobody can lock an account: each address may fail
 * {@link LoginThrottleSettings#failures()} logins in a row, then one more per
 * {@link LoginThrottleSettings#refillEvery()}; logins that succeed cost nothing. Bucket4j token buckets in this
 * node's memory: with several nodes, each node counts on its own.
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

    private final LoginThrottleSettings settings;
    private final Cache<String, Bucket> buckets;

    LoginThrottle(LoginThrottleSettings settings) {
        this.settings = settings;
        // a bucket unused for a whole refill is full again: forgetting it changes nothing (a bucket in debt is
        // forgotten a little early, after as long as a full bucket takes to refill)
        this.buckets = Caffeine.newBuilder().expireAfterAccess(settings.fullRefill()).maximumSize(100_000).build();
    }

    Admission admit(String client) {
        EstimationProbe probe = bucket(client).estimateAbilityToConsume(1);
        return probe.canBeConsumed()
                ? new Admission(true, Duration.ZERO)
                : new Admission(false, Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** The password was wrong: spends one of the address's failures, into debt if need be; the failures left. */
    long failed(String client) {
        Bucket bucket = bucket(client);
        bucket.consumeIgnoringRateLimits(1);
        return Math.max(0, bucket.getAvailableTokens());
    }

    private Bucket bucket(String client) {
        return buckets.get(client, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(settings.failures())
                        .refillGreedy(1, settings.refillEvery()).build())
                .build());
    }
}
