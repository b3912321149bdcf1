package org.cdnbilling.gateway;

import io.github.bucket4j.Bandwidth;
import java.util.Map;
import java.util.stream.Collectors;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * Per user and action flow control ({@code Throttling.User}), with Bucket4j token buckets: N calls in each
 * one-second window ({@code cdn.gateway.flow-limit-period}). On PostgreSQL the buckets are rows of the database,
 * so the limit holds across all nodes of a cluster; on H2 (one node) they live in memory.
 */
@Component
class UserThrottle {

    /** A bucket's key names the limit too, so a changed limit starts with fresh buckets. */
    private record Limit(Bandwidth bandwidth, String keyPrefix) {
    }

    private final Map<String, Limit> limits;
    private final FlowLimitBuckets buckets;

    UserThrottle(GatewaySettings settings, FlowLimitBuckets buckets) {
        this.limits = settings.callsPerSecond().entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> new Limit(
                        Bandwidth.builder().capacity(e.getValue())
                                .refillIntervally(e.getValue(), settings.flowLimitPeriod()).build(),
                        e.getKey() + ":" + e.getValue() + "/" + settings.flowLimitPeriod() + ":")));
        this.buckets = buckets;
    }

    /** Takes a call from the user's budget for the action; refuses it when the budget is spent. */
    void admit(long ownerId, String action) {
        Limit limit = limits.get(action);
        if (limit == null) {
            return;
        }
        if (!buckets.tryConsume(limit.keyPrefix() + ownerId, limit.bandwidth())) {
            throw new ApiException(ErrorCode.THROTTLING_USER);
        }
    }
}
