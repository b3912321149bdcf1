package org.cdnbilling.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing by client address, so that nobody can lock an account: each address may fail
 * {@link LoginThrottleSettings#failures()} logins in a row, then one more per
 * {@link LoginThrottleSettings#refillEvery()}; logins that succeed cost nothing. Bucket4j token buckets in this
 * node's memory: with several nodes, each node counts on its own.
 * <p>
 * A password check first {@link #admit takes} a failure from the address's budget (so that parallel guesses
 * cannot overdraw it) and {@link #refund gives it back} when the password was right.
 */
@Component
class LoginThrottle {

    /** An admitted check ({@code admitted}, with the failures left after this one) or the wait until the next. */
    record Admission(boolean admitted, long failuresLeft, Duration retryAfter) {
    }

    private final LoginThrottleSettings settings;
    private final Cache<String, Bucket> buckets;

    LoginThrottle(LoginThrottleSettings settings) {
        this.settings = settings;
        // a bucket unused for a whole refill is full again: forgetting it changes nothing
        this.buckets = Caffeine.newBuilder().expireAfterAccess(settings.fullRefill()).maximumSize(100_000).build();
    }

    Admission admit(String client) {
        ConsumptionProbe probe = bucket(client).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed()
                ? new Admission(true, probe.getRemainingTokens(), Duration.ZERO)
                : new Admission(false, 0, Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** The password was right: the check does not count as a failure. */
    void refund(String client) {
        bucket(client).addTokens(1);
    }

    private Bucket bucket(String client) {
        return buckets.get(client, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(settings.failures())
                        .refillGreedy(1, settings.refillEvery()).build())
                .build());
    }
}
