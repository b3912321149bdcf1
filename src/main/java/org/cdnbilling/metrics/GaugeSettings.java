package org.cdnbilling.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the cluster's gauges are counted ({@link GaugeSnapshot}).
 *
 * @param refreshEvery one node counts them at most this often; every node reads the counts this often
 */
@ConfigurationProperties("cdn.metrics")
public record GaugeSettings(@DefaultValue("PT1M") Duration refreshEvery) {

    public GaugeSettings {
        if (refreshEvery.isNegative() || refreshEvery.isZero()) {
            throw new IllegalArgumentException("cdn.metrics.refresh-every must be positive");
        }
    }
}
