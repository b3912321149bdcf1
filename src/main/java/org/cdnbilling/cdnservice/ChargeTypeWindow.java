package org.cdnbilling.cdnservice;

import java.time.Instant;

/** A charge type in force from {@code start} (inclusive) to {@code end} (exclusive). */
public record ChargeTypeWindow(Instant start, Instant end, InternetChargeType chargeType) {
}
