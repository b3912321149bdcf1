package org.cdnbilling.billing.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.cdnbilling.billing.reference.ReferenceModel.Period;
import org.cdnbilling.billing.reference.ReferenceModel.Rating;
import org.cdnbilling.billing.reference.ReferenceModel.Sample;
import org.junit.jupiter.api.Test;

/** The reference model on the documentation's and the issue's worked examples, so that it is itself checked. */
class ReferenceModelTest {

    private static final long GB = ReferencePrices.GB;
    private static final long TB = ReferencePrices.TB;
    /** 00:00 Beijing time on 1 December 2026. */
    private static final Instant DECEMBER = Instant.parse("2026-11-30T16:00:00Z");

    private final ReferencePrices prices = new ReferencePrices(1, Instant.EPOCH);

    @Test
    void issue24sExampleBills2078ForTheMonthWhenTheLateUsageReTiersTheHourAfterIt() {
        ReferenceModel model = new ReferenceModel(prices, "PayByTraffic");
        Instant h1 = DECEMBER.plus(1, ChronoUnit.HOURS);
        Instant h2 = h1.plus(1, ChronoUnit.HOURS);
        Instant h3 = h2.plus(1, ChronoUnit.HOURS);
        model.add(new Sample("CN", h1, 50_000 * GB, 0));
        model.add(new Sample("CN", h2, 100 * GB, 0));
        model.add(new Sample("CN", h3, 1_000 * GB, 0));
        model.add(new Sample("CN", h2.plus(5, ChronoUnit.MINUTES), 1_100 * GB, 0));

        Map<Period, Rating> due = model.dueRatings(h3.plus(2, ChronoUnit.HOURS), true);

        assertThat(due.values().stream().map(Rating::charged).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("2078.00");
        assertThat(due.get(new Period("hour_flow", h3)).charged()).isEqualByComparingTo("30.00");
        assertThat(model.dueRatings(h3.plus(1, ChronoUnit.HOURS), true)).as("the last hour within the usage delay")
                .doesNotContainKey(new Period("hour_flow", h3));
    }

    @Test
    void aLineIsRoundedToEightDecimalsAndTheTotalFromTheRoundedLines() {
        ReferenceModel model = new ReferenceModel(prices, "PayByTraffic");
        model.add(new Sample("CN", DECEMBER, 134_217_727, 0));

        Rating hour = model.dueRatings(DECEMBER.plus(2, ChronoUnit.HOURS), true).get(new Period("hour_flow", DECEMBER));

        assertThat(hour.ratedAmount()).isEqualTo(new BigDecimal("0.00500000"));
        assertThat(hour.charged()).isEqualTo(new BigDecimal("0.01"));
    }

    @Test
    void aBandwidthDayIsItsPeakPricedWholeAtTheTierItReaches() {
        ReferenceModel model = new ReferenceModel(prices, "PayByBandwidth");
        model.add(new Sample("CN", DECEMBER.plus(1, ChronoUnit.HOURS), GB, 600_000_001));
        model.add(new Sample("CN", DECEMBER.plus(2, ChronoUnit.HOURS), GB, 2_000_000));
        model.add(new Sample("EU", DECEMBER.plus(3, ChronoUnit.HOURS), GB, 21_000_000_000L));
        model.add(new Sample("AP1", DECEMBER.plus(4, ChronoUnit.HOURS), GB, 500_000_000));

        Map<Period, Rating> due = model.dueRatings(DECEMBER.plus(25, ChronoUnit.HOURS), true);

        assertThat(due).containsOnlyKeys(new Period("day_bandwidth", DECEMBER));
        assertThat(due.get(new Period("day_bandwidth", DECEMBER)).charged()).isEqualByComparingTo("2641.70");
        assertThat(model.dueRatings(DECEMBER.plus(25, ChronoUnit.HOURS).minusSeconds(1), true)).isEmpty();
    }

    @Test
    void aChargeTypeChangeTakesEffectAtTheNextBeijingMidnightAndTheOpenRuleDecidesTheMonthToDate() {
        ReferenceModel model = new ReferenceModel(prices, "PayByBandwidth");
        Instant noon = DECEMBER.plus(4, ChronoUnit.HOURS);
        model.modify(noon, "PayByTraffic");
        Instant nextDay = DECEMBER.plus(1, ChronoUnit.DAYS);
        model.add(new Sample("CN", noon, 64 * TB, 1_000_000));
        model.add(new Sample("CN", nextDay, 1_000 * GB, 1_000_000));

        Map<Period, Rating> counting = model.dueRatings(nextDay.plus(2, ChronoUnit.HOURS), true);
        Map<Period, Rating> notCounting = model.dueRatings(nextDay.plus(2, ChronoUnit.HOURS), false);

        assertThat(counting).containsOnlyKeys(new Period("day_bandwidth", DECEMBER), new Period("hour_flow", nextDay));
        assertThat(counting.get(new Period("hour_flow", nextDay)).charged()).isEqualByComparingTo("30.00");
        assertThat(notCounting.get(new Period("hour_flow", nextDay)).charged()).isEqualByComparingTo("40.00");
    }

    @Test
    void aPeriodIsRatedWithThePriceBookVersionInForceAtItsStart() {
        Instant change = DECEMBER.plus(5, ChronoUnit.HOURS);
        prices.add(2, change, Map.of("CN", ReferencePrices.prices("0.05", "0.04", "0.03", "0.02")));
        ReferenceModel model = new ReferenceModel(prices, "PayByTraffic");
        model.add(new Sample("CN", change.minus(1, ChronoUnit.HOURS), 100 * GB, 0));
        model.add(new Sample("CN", change, 100 * GB, 0));

        Map<Period, Rating> due = model.dueRatings(change.plus(2, ChronoUnit.HOURS), true);

        assertThat(due.get(new Period("hour_flow", change.minus(1, ChronoUnit.HOURS))).charged())
                .isEqualByComparingTo("4.00");
        assertThat(due.get(new Period("hour_flow", change)).priceBookVersion()).isEqualTo(2);
        assertThat(due.get(new Period("hour_flow", change)).charged()).isEqualByComparingTo("5.00");
    }
}
