package org.cdnbilling.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * Per user and action flow control ({@code Throttling.User}), with Bucket4j token buckets: N calls in each
 * one-second window. The buckets live in this node's memory, so with several nodes behind a balancer a
 * user gets up to N calls a second on each node.
 */
@Component
public class UserThrottle {

    private record Key(long ownerId, String action) {
    }

    private final GatewaySettings settings;
    private final Cache<Key, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(2))
            .maximumSize(1_000_000)
            .build();

    UserThrottle(GatewaySettings settings) {
        this.settings = settings;
    }

    /** Takes a call from the user's budget for the action; refuses it when the budget is spent. */
    public void admit(long ownerId, String action) {
        Integer perSecond = settings.callsPerSecond().get(action);
        if (perSecond == null) {
            return;
        }
        Bucket bucket = buckets.get(new Key(ownerId, action), key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perSecond).refillIntervally(perSecond, Duration.ofSeconds(1))
                        .build())
                .build());
        if (!bucket.tryConsume(1)) {
            throw new ApiException(ErrorCode.THROTTLING_USER);
        }
    }
}
