package org.cdnbilling.cdnservice;

import java.time.Instant;
import java.time.ZoneId;

/** Billing days begin at 00:00 Beijing time (UTC+8). */
public final class BillingDay {

    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private BillingDay() {
    }

    /** The start of the next billing day after {@code now}. */
    public static Instant nextStart(Instant now) {
        return now.atZone(BEIJING).toLocalDate().plusDays(1).atStartOfDay(BEIJING).toInstant();
    }
}
