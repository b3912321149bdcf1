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
 * @param nonceWindow how long a {@code SignatureNonce} stays used
 * @param callsPerSecond per user and action; actions not listed are not limited
 */
@ConfigurationProperties("cdn.gateway")
public record GatewaySettings(
        @DefaultValue("false") boolean trustedGateway,
        @DefaultValue("PT15M") Duration timestampTolerance,
        @DefaultValue("PT15M") Duration nonceWindow,
        Map<String, Integer> callsPerSecond) {

    public GatewaySettings {
        callsPerSecond = callsPerSecond == null ? Map.of() : Map.copyOf(callsPerSecond);
    }
}
