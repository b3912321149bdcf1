package org.cdnbilling.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The Beijing day and month a period belongs to, computed by arithmetic on +08:00 since Beijing's last offset
 * change, agree with the time zone's rules at every instant, before and after that change.
 */
class BeijingCalendarTest {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    @Property(tries = 5000)
    void dayAndMonthStartsAreThoseOfTheTimeZoneRules(
            @ForAll @LongRange(min = -2_208_988_800L, max = 10_413_792_000L) long epochSecond) {
        Instant instant = Instant.ofEpochSecond(epochSecond);

        assertThat(BillType.beijingDayStart(instant)).isEqualTo(dayStartByRules(instant));
        assertThat(BillType.beijingMonthStart(instant)).isEqualTo(monthStartByRules(instant));
    }

    @Test
    void aroundTheLastOffsetChangeAndAroundMidnights() {
        Instant from = BillType.FixedBeijingOffset.FROM;
        assertThat(from).isEqualTo(Instant.parse("1991-09-30T16:00:00Z"));
        for (Instant instant : new Instant[] {from.minusSeconds(1), from, from.plusSeconds(1),
                Instant.parse("1991-09-14T14:59:59Z"), Instant.parse("1991-09-14T15:00:00Z"),
                Instant.parse("2026-11-30T15:59:59Z"), Instant.parse("2026-11-30T16:00:00Z"),
                Instant.parse("2026-12-31T16:00:00Z"), Instant.parse("2027-02-28T15:59:59.999999999Z"),
                Instant.parse("2028-02-29T16:00:00Z")}) {
            assertThat(BillType.beijingDayStart(instant)).as("day of %s", instant).isEqualTo(dayStartByRules(instant));
            assertThat(BillType.beijingMonthStart(instant)).as("month of %s", instant)
                    .isEqualTo(monthStartByRules(instant));
        }
        assertThat(BillType.beijingMonthStart(Instant.parse("2026-12-01T15:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
    }

    private static Instant dayStartByRules(Instant instant) {
        return instant.atZone(BEIJING).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    private static Instant monthStartByRules(Instant instant) {
        return instant.atZone(BEIJING).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
    }
}
