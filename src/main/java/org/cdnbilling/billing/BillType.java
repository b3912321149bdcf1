package org.cdnbilling.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
        if (instant.isBefore(FixedBeijingOffset.FROM)) {
            return instant.atZone(BillingDay.BEIJING).truncatedTo(ChronoUnit.DAYS).toInstant();
        }
        return FixedBeijingOffset.instant(FixedBeijingOffset.localDay(instant));
    }

    /** 00:00 in Beijing of the first day of the month that contains {@code instant}. */
    public static Instant beijingMonthStart(Instant instant) {
        if (instant.isBefore(FixedBeijingOffset.FROM)) {
            return instant.atZone(BillingDay.BEIJING).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
        }
        return FixedBeijingOffset.instant(LocalDate.ofEpochDay(FixedBeijingOffset.localDay(instant)).withDayOfMonth(1)
                .toEpochDay());
    }

    /**
     * Beijing time has kept one offset (+08:00) since its last transition (daylight saving ended in 1991): from
     * the first month wholly after that transition, days and months are counted by arithmetic on the epoch
     * second instead of through the zone's rules (a run computes them for every period it bills; through the
     * rules they were a tenth of its allocations). Should the time zone data ever give Asia/Shanghai a rule for
     * the future, every instant goes through the rules again.
     */
    static final class FixedBeijingOffset {

        private static final long SECONDS_PER_DAY = 86_400;
        static final Instant FROM;
        private static final long OFFSET_SECONDS;

        static {
            ZoneRules rules = BillingDay.BEIJING.getRules();
            List<ZoneOffsetTransition> transitions = rules.getTransitions();
            if (!rules.getTransitionRules().isEmpty()) {
                FROM = Instant.MAX;
                OFFSET_SECONDS = 0;
            } else {
                Instant last = transitions.isEmpty() ? Instant.MIN : transitions.get(transitions.size() - 1).getInstant();
                FROM = transitions.isEmpty() ? Instant.MIN : last.plus(32, ChronoUnit.DAYS).atZone(BillingDay.BEIJING)
                        .withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
                OFFSET_SECONDS = rules.getOffset(transitions.isEmpty() ? Instant.EPOCH : last).getTotalSeconds();
            }
        }

        private FixedBeijingOffset() {
        }

        /** The Beijing calendar day (days since 1970-01-01) of an instant at or after {@link #FROM}. */
        static long localDay(Instant instant) {
            return Math.floorDiv(instant.getEpochSecond() + OFFSET_SECONDS, SECONDS_PER_DAY);
        }

        /** 00:00 in Beijing of a calendar day. */
        static Instant instant(long localDay) {
            return Instant.ofEpochSecond(localDay * SECONDS_PER_DAY - OFFSET_SECONDS);
        }
    }
}
