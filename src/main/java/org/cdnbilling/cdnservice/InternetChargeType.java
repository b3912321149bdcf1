package org.cdnbilling.cdnservice;

import java.util.Optional;

/** The metering method of the CDN service, spelled as on the wire. */
public enum InternetChargeType {
    PayByTraffic, PayByBandwidth;

    /** The charge type with exactly this wire name, if any (names are case-sensitive on the wire). */
    public static Optional<InternetChargeType> fromWire(String value) {
        for (InternetChargeType type : values()) {
            if (type.name().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
