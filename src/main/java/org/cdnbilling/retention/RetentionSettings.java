package org.cdnbilling.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long what grows with traffic is kept, beyond what Camunda's history cleanup removes (docs/history-retention.md).
 *
 * @param refusedActivationHistory how long the engine history of a refused activation (an instance of
 *     {@code cdn-activation} that ended at one of its rejected ends in the caller's request) is kept after it
 *     ended: operators read a refusal of the last day in Cockpit by its RequestId. Other instances keep their
 *     diagram's time to live (P30D).
 * @param refusals how long the compact record of a refusal ({@code activation_refusal}: RequestId, OwnerId,
 *     code, time) is kept
 * @param engineMetrics how long Camunda's meter log ({@code ACT_RU_METER_LOG}: the engine's counters per
 *     reporting interval and node) is kept
 * @param batchSize how many engine history instances one deletion removes (one transaction each)
 */
@ConfigurationProperties("cdn.retention")
public record RetentionSettings(
        @DefaultValue("P1D") Duration refusedActivationHistory,
        @DefaultValue("P30D") Duration refusals,
        @DefaultValue("P400D") Duration engineMetrics,
        @DefaultValue("500") int batchSize) {

    public RetentionSettings {
        requirePositive(refusedActivationHistory, "refused-activation-history");
        requirePositive(refusals, "refusals");
        requirePositive(engineMetrics, "engine-metrics");
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("cdn.retention.batch-size must be 1 to 1000 (an IN list of ids)");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("cdn.retention." + name + " must be a positive duration");
        }
    }
}
