package org.cdnbilling.cdnservice;

import java.time.Instant;

/** A charge type change submitted and not yet in force. */
public record PendingChargeTypeChange(InternetChargeType chargeType, Instant affectTime) {
}
