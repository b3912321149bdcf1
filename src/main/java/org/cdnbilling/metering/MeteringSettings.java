package org.cdnbilling.metering;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param maxSamplesPerBatch the most samples one {@code POST /admin/usage} may carry (more: 413) */
@ConfigurationProperties("cdn.metering")
public record MeteringSettings(@DefaultValue("10000") int maxSamplesPerBatch) {
}
