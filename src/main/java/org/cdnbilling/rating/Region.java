package org.cdnbilling.rating;

import java.util.Optional;

/**
 * The billing regions of Alibaba Cloud CDN's price list: the Chinese mainland, Asia Pacific 1 to 3, North
 * America, South America, Europe, and the Middle East, Africa and Asia (MEAA). Spelled as on the wire.
 */
public enum Region {
    CN, AP1, AP2, AP3, NA, SA, EU, MEAA;

    /** The region with exactly this wire name, if any. */
    public static Optional<Region> fromWire(String value) {
        for (Region region : values()) {
            if (region.name().equals(value)) {
                return Optional.of(region);
            }
        }
        return Optional.empty();
    }
}
