package org.cdnbilling.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The price book's defaults and the two rating rules, with every amount worked out by hand or recomputed. */
class RatingTest {

    private static final long GB = 1L << 30;
    private static final long TB = 1L << 40;
    private static final long PB = 1L << 50;

    private final TrafficRating traffic = new TrafficRating(PriceBook.defaults());
    private final BandwidthRating bandwidth = new BandwidthRating(PriceBook.defaults());

    @Property
    void gigabytesAreTheExactQuotientByTwoToTheThirtyWithoutTrailingZeros(
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long bytes) {
        BigDecimal expected = new BigDecimal(bytes).divide(new BigDecimal(GB)).stripTrailingZeros();

        assertThat(TrafficRating.gigabytes(bytes)).isEqualTo(expected);
    }

    @Test
    void gigabytesOfRoundAndOddByteCounts() {
        assertThat(TrafficRating.gigabytes(0)).isEqualTo(BigDecimal.ZERO);
        assertThat(TrafficRating.gigabytes(1)).isEqualTo(new BigDecimal("9.31322574615478515625E-10"));
        assertThat(TrafficRating.gigabytes(GB / 2)).isEqualTo(new BigDecimal("0.5"));
        assertThat(TrafficRating.gigabytes(1_000 * GB)).isEqualTo(new BigDecimal("1E+3"));
        assertThat(TrafficRating.gigabytes(3 * GB + 1).toPlainString()).isEqualTo("3.000000000931322574615478515625");
        assertThat(TrafficRating.gigabytes(PB)).isEqualTo(new BigDecimal("1048576"));
    }

    @Test
    void alibabasExampleHourAfter51200GbIsPricedAtTheSecondTier() {
        RatedLine hour = traffic.rateHour(Region.CN, 51_200 * GB, 1_000 * GB);

        assertThat(hour.quantity()).isEqualByComparingTo("1000");
        assertThat(hour.unit()).isEqualTo("GB");
        assertThat(hour.tiers()).singleElement().satisfies(portion -> {
            assertThat(portion.tier()).isEqualTo(2);
            assertThat(portion.unitPrice()).isEqualByComparingTo("0.03");
        });
        assertThat(Bills.total(List.of(hour))).isEqualTo(new BigDecimal("30.00"));
    }

    @Test
    void theHourCrossingFiftyTerabytesIsSplitAtTheBoundary() {
        RatedLine hour = traffic.rateHour(Region.CN, 50 * TB - 100 * GB, 300 * GB);

        assertThat(hour.tiers()).extracting(TierPortion::tier, p -> p.quantity().toPlainString(),
                p -> p.amount().stripTrailingZeros().toPlainString())
                .containsExactly(tuple(1, "100", "4"),
                        tuple(2, "200", "6"));
        assertThat(Bills.total(List.of(hour))).isEqualTo(new BigDecimal("10.00"));
    }

    @Test
    void anHourCanSpanThreeTiersAndTheTotalIsRoundedHalfUpOnce() {
        // NA: 1 GB at 0.06, the 924 TB of 100 TB to 1 PB at 0.03, 1 GB beyond 1 PB at 0.025
        RatedLine hour = traffic.rateHour(Region.NA, 100 * TB - GB, (PB - 100 * TB) + 2 * GB);

        assertThat(hour.tiers()).extracting(TierPortion::tier).containsExactly(2, 3, 4);
        assertThat(hour.amount()).isEqualByComparingTo("28385.365");
        assertThat(Bills.total(List.of(hour))).isEqualTo(new BigDecimal("28385.37"));
    }

    @Test
    void aSingleByteIsPricedExactly() {
        RatedLine hour = traffic.rateHour(Region.EU, 0, 1);

        assertThat(hour.quantity()).isEqualByComparingTo("0.000000000931322574615478515625");
        assertThat(hour.amount()).isEqualByComparingTo("0.00000000006519258022308349609375");
        assertThat(Bills.total(List.of(hour))).isEqualTo(new BigDecimal("0.00"));
    }

    @Property(tries = 500)
    void trafficAmountIsTheDifferenceOfTheMonthsCumulativeCost(
            @ForAll @LongRange(min = 0, max = 2L << 50) long monthToDate,
            @ForAll @LongRange(min = 0, max = 1L << 50) long hourBytes,
            @ForAll Region region) {
        BigDecimal expected = cumulativeCost(region, monthToDate + hourBytes).subtract(cumulativeCost(region, monthToDate));

        assertThat(traffic.rateHour(region, monthToDate, hourBytes).amount()).isEqualByComparingTo(expected);
    }

    @Property(tries = 200)
    void anHourSplitInTwoCostsTheSameAsTheWholeHour(
            @ForAll @LongRange(min = 0, max = 2L << 50) long monthToDate,
            @ForAll @LongRange(min = 0, max = 1L << 50) long first,
            @ForAll @LongRange(min = 0, max = 1L << 50) long second) {
        BigDecimal whole = traffic.rateHour(Region.AP2, monthToDate, first + second).amount();
        BigDecimal split = traffic.rateHour(Region.AP2, monthToDate, first).amount()
                .add(traffic.rateHour(Region.AP2, monthToDate + first, second).amount());

        assertThat(split).isEqualByComparingTo(whole);
    }

    /**
     * The one rounding rule a customer checks with the bill in hand: each line's amount is its exact amount rounded
     * half-up to 8 decimals, the ratedAmount is the sum of those lines, and the total is the ratedAmount rounded
     * half-up to cents (less what was billed before). Lines of random hours in random regions and month-to-dates,
     * and random days' peaks; every amount recomputed here from the price list.
     */
    @Property(tries = 1000)
    void theLinesSumToTheRatedAmountAndTheTotalIsTheRatedAmountRoundedToCents(
            @ForAll @Size(min = 1, max = 8) List<@LongRange(min = 0, max = 2L << 50) Long> monthToDates,
            @ForAll @Size(min = 1, max = 8) List<@LongRange(min = 0, max = 12L << 46) Long> hours,
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long peakBps) {
        List<RatedLine> lines = new ArrayList<>();
        BigDecimal linesAsPrinted = BigDecimal.ZERO;
        for (int i = 0; i < Math.min(monthToDates.size(), hours.size()); i++) {
            Region region = Region.values()[i];
            RatedLine line = traffic.rateHour(region, monthToDates.get(i), hours.get(i));
            lines.add(line);
            BigDecimal exact = cumulativeCost(region, monthToDates.get(i) + hours.get(i))
                    .subtract(cumulativeCost(region, monthToDates.get(i)));
            BigDecimal printed = exact.setScale(8, RoundingMode.HALF_UP);
            assertThat(Bills.lineAmount(line)).isEqualTo(printed);
            linesAsPrinted = linesAsPrinted.add(printed);
        }
        RatedLine day = bandwidth.rateDay(Region.EU, peakBps);
        BigDecimal dayPrinted = new BigDecimal(peakBps).movePointLeft(6).multiply(euBandwidthPrice(peakBps))
                .setScale(8, RoundingMode.HALF_UP);
        assertThat(Bills.lineAmount(day)).isEqualTo(dayPrinted);

        assertThat(Bills.ratedAmount(lines)).isEqualTo(linesAsPrinted);
        assertThat(Bills.total(lines)).isEqualTo(linesAsPrinted.setScale(2, RoundingMode.HALF_UP));
        assertThat(Bills.ratedAmount(List.of(day))).isEqualTo(dayPrinted);
        assertThat(Bills.total(List.of(day))).isEqualTo(dayPrinted.setScale(2, RoundingMode.HALF_UP));
    }

    @Test
    void anHourJustBelowHalfACentShowsHalfACentAndIsBilledACent() {
        RatedLine hour = traffic.rateHour(Region.CN, 0, 134_217_727);
        assertThat(hour.amount()).isLessThan(new BigDecimal("0.005"));
        assertThat(Bills.lineAmount(hour)).isEqualTo(new BigDecimal("0.00500000"));
        assertThat(Bills.ratedAmount(List.of(hour))).isEqualTo(new BigDecimal("0.00500000"));
        assertThat(Bills.total(List.of(hour))).isEqualTo(new BigDecimal("0.01"));
    }

    @Test
    void aDaysPeakIsPricedWholeAtTheTierItReaches() {
        assertThat(bandwidth.rateDay(Region.CN, 500_000_000L).amount()).isEqualByComparingTo("42.000");
        assertThat(bandwidth.rateDay(Region.CN, 500_000_001L).amount()).isEqualByComparingTo("41.000000082");
        assertThat(bandwidth.rateDay(Region.EU, 20_000_000_000L).amount()).isEqualByComparingTo("2600");
        assertThat(bandwidth.rateDay(Region.EU, 20_000_000_001L).amount()).isEqualByComparingTo("2400.00000012");
        RatedLine sa = bandwidth.rateDay(Region.SA, 8_000_000L);
        assertThat(sa.quantity()).isEqualByComparingTo("8");
        assertThat(sa.unit()).isEqualTo("Mbps");
        assertThat(sa.tiers()).singleElement().extracting(TierPortion::tier).isEqualTo(1);
        assertThat(Bills.total(List.of(sa))).isEqualTo(new BigDecimal("1.16"));
        assertThat(bandwidth.rateDay(Region.CN, 0).amount()).isEqualByComparingTo("0");
    }

    @Test
    void theDefaultsAreThePublishedPricesAndARegionCanBeConfigured() {
        PriceBook defaults = PriceBook.defaults();
        assertThat(defaults.currency()).isEqualTo("USD");
        assertThat(defaults.trafficPrices(Region.AP3)).map(BigDecimal::toPlainString)
                .containsExactly("0.096", "0.083", "0.070", "0.064");
        assertThat(defaults.bandwidthPrices(Region.MEAA)).map(BigDecimal::toPlainString)
                .containsExactly("0.145", "0.140", "0.130", "0.120");

        PriceBook configured = new Binder(new MapConfigurationPropertySource(Map.of(
                "cdn.billing.price-book.traffic.CN", "0.05,0.04,0.03,0.01",
                "cdn.billing.price-book.traffic-tier-starts", "10TB,50TB,100TB")))
                .bind("cdn.billing.price-book", PriceBook.class).get();
        assertThat(configured.trafficPrices(Region.CN)).map(BigDecimal::toPlainString)
                .containsExactly("0.05", "0.04", "0.03", "0.01");
        assertThat(configured.trafficPrices(Region.NA)).isEqualTo(defaults.trafficPrices(Region.NA));
        assertThat(new TrafficRating(configured).rateHour(Region.CN, 10 * TB - GB, 2 * GB).amount())
                .isEqualByComparingTo("0.09");
    }

    @Test
    void aPriceListWithoutFourTiersIsRefused() {
        assertThatThrownBy(() -> new PriceBook(null, null, Map.of(Region.CN, List.of(BigDecimal.ONE)), null, null))
                .hasMessageContaining("cdn.billing.price-book.traffic.CN");
        assertThatThrownBy(() -> new PriceBook(null, null, null, List.of(500L, 400L, 600L), null))
                .hasMessageContaining("bandwidth-tier-limits-mbps");
    }

    /** The published EU bandwidth price of the tier a peak reaches: up to 500 Mbps, 5 Gbps, 20 Gbps, above. */
    private static BigDecimal euBandwidthPrice(long peakBps) {
        String price = peakBps <= 500_000_000L ? "0.145" : peakBps <= 5_000_000_000L ? "0.140"
                : peakBps <= 20_000_000_000L ? "0.130" : "0.120";
        return new BigDecimal(price);
    }

    /** The cost of the month's first x bytes in the region: Σ price × (bytes of each tier below x), in GB. */
    private static BigDecimal cumulativeCost(Region region, long x) {
        long[] starts = {0, 50 * TB, 100 * TB, PB};
        List<BigDecimal> prices = PriceBook.defaults().trafficPrices(region);
        BigInteger nanoCents = BigInteger.ZERO; // price × bytes, both as integers: prices have 3 decimals
        for (int tier = 0; tier < 4; tier++) {
            long end = tier == 3 ? Long.MAX_VALUE : starts[tier + 1];
            long bytes = Math.max(0, Math.min(x, end) - starts[tier]);
            BigInteger priceInThousandths = prices.get(tier).movePointRight(3).toBigIntegerExact();
            nanoCents = nanoCents.add(priceInThousandths.multiply(BigInteger.valueOf(bytes)));
        }
        return new BigDecimal(nanoCents).movePointLeft(3).divide(BigDecimal.valueOf(GB));
    }
}
