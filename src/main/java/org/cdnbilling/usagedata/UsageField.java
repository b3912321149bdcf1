package org.cdnbilling.usagedata;

import java.util.Optional;

/**
 * The {@code Field} of DescribeDomainUsageData this service answers: {@code traf} (bytes) and {@code bps}
 * (bit/s). Alibaba's third, {@code acc} (request counts), is not metered here: the samples carry traffic and
 * bandwidth only, so it is refused as {@code InvalidParameterField} rather than answered with made-up zeros.
 */
enum UsageField {
    traf, bps;

    static Optional<UsageField> ofWire(String value) {
        for (UsageField field : values()) {
            if (field.name().equals(value)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
