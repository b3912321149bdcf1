package org.cdnbilling.gateway;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How callers are authenticated and limited.
 *
 * @param trustedGateway accept unsigned calls naming their account by {@code OwnerId} / {@code OwnerAccount};
 *     only for deployments behind a gateway that authenticates callers itself. Off by default.
 * @param timestampTolerance the largest accepted skew of a request's timestamp
 * @param nonceWindow how long a {@code SignatureNonce} stays used after its first use; it stays used at least
 *     as long as the request's timestamp is accepted (timestamp + tolerance), whatever this window
 * @param callsPerSecond per user and action; actions not listed are not limited
 * @param flowLimitPeriod the period over which each {@code callsPerSecond} budget is refilled: one second (what
 *     the API documents); tests lengthen it so that no refill can fall within a test
 * @param flowLimitRetention on PostgreSQL, how long a user's bucket row is kept once its budget is full again
 *     (after which it is the same as no row); expired rows are removed every minute
 */
@ConfigurationProperties("cdn.gateway")
public record GatewaySettings(
        @DefaultValue("false") boolean trustedGateway,
        @DefaultValue("PT15M") Duration timestampTolerance,
        @DefaultValue("PT15M") Duration nonceWindow,
        Map<String, Integer> callsPerSecond,
        @DefaultValue("PT1S") Duration flowLimitPeriod,
        @DefaultValue("PT1M") Duration flowLimitRetention) {

    public GatewaySettings {
        callsPerSecond = callsPerSecond == null ? Map.of() : Map.copyOf(callsPerSecond);
        callsPerSecond.forEach((action, calls) -> {
            if (calls == null || calls < 1) {
                throw new IllegalArgumentException("cdn.gateway.calls-per-second." + action + " must be at least 1");
            }
        });
        requirePositive(timestampTolerance, "timestamp-tolerance");
        requirePositive(nonceWindow, "nonce-window");
        requirePositive(flowLimitPeriod, "flow-limit-period");
        if (flowLimitRetention.isNegative()) {
            throw new IllegalArgumentException("cdn.gateway.flow-limit-retention must not be negative");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("cdn.gateway." + name + " must be positive");
        }
    }
}
