package org.cdnbilling.billing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.cdnbilling.cdnservice.BillingDay;
import org.cdnbilling.cdnservice.InternetChargeType;

/**
 * What a bill charges for, spelled as on the wire: {@code hour_flow} (PayByTraffic, a UTC hour) or
 * {@code day_bandwidth} (PayByBandwidth, a Beijing calendar day, 16:00Z to 16:00Z).
 */
public enum BillType {
    HOUR_FLOW("hour_flow"), DAY_BANDWIDTH("day_bandwidth");

    private final String wire;

    BillType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static BillType of(InternetChargeType chargeType) {
        return chargeType == InternetChargeType.PayByBandwidth ? DAY_BANDWIDTH : HOUR_FLOW;
    }

    public static Optional<BillType> fromWire(String value) {
        for (BillType type : values()) {
            if (type.wire.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The start of this type's period that contains {@code instant}. */
    public Instant periodStart(Instant instant) {
        return this == HOUR_FLOW ? instant.truncatedTo(ChronoUnit.HOURS) : beijingDayStart(instant);
    }

    public Instant periodEnd(Instant periodStart) {
        return periodStart.plus(this == HOUR_FLOW ? 1 : 24, ChronoUnit.HOURS);
    }

    /** The ledger reference of a bill: {@code bill:<type>:<period start, UTC>:<supplement>}. */
    public String reference(Instant periodStart, int supplement) {
        return "bill:" + wire + ":" + periodStart + ":" + supplement;
    }

    /** 00:00 in Beijing of the day that contains {@code instant}. */
    public static Instant beijingDayStart(Instant instant) {
        return instant.atZone(BillingDay.BEIJING).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    /** 00:00 in Beijing of the first day of the month that contains {@code instant}. */
    public static Instant beijingMonthStart(Instant instant) {
        return instant.atZone(BillingDay.BEIJING).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
    }
}
