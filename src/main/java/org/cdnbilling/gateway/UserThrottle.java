package org.cdnbilling.gateway;

import io.github.bucket4j.Bandwidth;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Per user and action flow control ({@code Throttling.User}): N calls in each one-second window
 * ({@code cdn.gateway.flow-limit-period}). Which budget a call spends; {@link Admissions} spends it, on PostgreSQL
 * in a row of the database, so that the limit holds across all nodes of a cluster, on H2 (one node) in memory.
 */
@Component
class UserThrottle {

    /** A limit, and the start of its budgets' keys: the key names the limit too, so a changed limit starts fresh. */
    private record Limit(int calls, Bandwidth bandwidth, String keyPrefix) {
    }

    private final Map<String, Limit> limits;
    private final Duration period;

    UserThrottle(GatewaySettings settings) {
        this.period = settings.flowLimitPeriod();
        this.limits = settings.callsPerSecond().entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> new Limit(e.getValue(),
                        Bandwidth.builder().capacity(e.getValue())
                                .refillIntervally(e.getValue(), settings.flowLimitPeriod()).build(),
                        e.getKey() + ":" + e.getValue() + "/" + settings.flowLimitPeriod() + ":")));
    }

    /** The user's budget for the action; null if the action is not limited. */
    CallLimit limitOf(long ownerId, String action) {
        Limit limit = limits.get(action);
        return limit == null ? null
                : new CallLimit(limit.keyPrefix() + ownerId, limit.calls(), period, limit.bandwidth());
    }
}
