package org.cdnbilling.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.cdnbilling.support.AllAtOnce;
import org.cdnbilling.support.DemoApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Start-up seeding of {@code price_book_version}: the configured price book becomes version 1 from the beginning,
 * once however many nodes start at once; a configuration that differs from the latest version later rewrites
 * nothing (the start logs a WARN naming {@code /admin/price-books} and goes on).
 */
@DemoApplicationTest
class PriceBookSeedingTest {

    @Autowired
    PriceBookSeeding seeding;

    @Autowired
    PriceBooks books;

    @Autowired
    PriceBookChanges changes;

    @Autowired
    PriceBook configured;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Clock clock;

    @Test
    void nodesStartingAtOnceOnAnEmptyTableStoreTheConfigurationAsVersionOneOnceAndLaterStartsChangeNothing()
            throws Exception {
        PriceBookVersion seededAtStart = books.versions().all().get(0);
        assertThat(seededAtStart.version()).isEqualTo(1);
        assertThat(seededAtStart.effectiveFrom()).isEqualTo(Instant.EPOCH);
        assertThat(PriceBookSeeding.samePrices(seededAtStart.prices(), configured)).isTrue();
        assertThat(seeding.seed()).isEqualTo(PriceBookSeeding.Outcome.CONFIGURATION_IS_LATEST);

        jdbc.update("delete from price_book_version");
        List<PriceBookSeeding.Outcome> outcomes = AllAtOnce.run(8, i -> seeding::seed);

        assertThat(outcomes).filteredOn(PriceBookSeeding.Outcome.SEEDED::equals).hasSize(1);
        assertThat(outcomes).filteredOn(PriceBookSeeding.Outcome.CONFIGURATION_IS_LATEST::equals).hasSize(7);
        assertThat(books.versions().all()).singleElement().satisfies(version -> {
            assertThat(version.version()).isEqualTo(1);
            assertThat(version.effectiveFrom()).isEqualTo(Instant.EPOCH);
            assertThat(PriceBookSeeding.samePrices(version.prices(), configured)).isTrue();
        });
    }

    @Test
    void aConfigurationThatDiffersFromTheLatestVersionRewritesNothing() {
        Instant nextHour = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant after = books.versions().latest().effectiveFrom().plus(1, ChronoUnit.HOURS);
        Instant from = nextHour.isAfter(after) ? nextHour : after;
        changes.add(new PriceBookChange(from, Map.of(Region.CN, List.of(new BigDecimal("0.05"),
                new BigDecimal("0.04"), new BigDecimal("0.03"), new BigDecimal("0.02"))), null, null, null));
        List<PriceBookVersion> before = books.versions().all();

        assertThat(seeding.seed()).isEqualTo(PriceBookSeeding.Outcome.CONFIGURATION_DIFFERS);

        assertThat(books.versions().all()).isEqualTo(before);
        assertThat(books.versions().all().get(0).prices().trafficPrices(Region.CN).get(0))
                .isEqualByComparingTo("0.04");
    }

    @Test
    void theSameBookWrittenWithOtherScalesIsTheSame() {
        PriceBook written = new PriceBook(null, null, Map.of(Region.CN, List.of(new BigDecimal("0.040"),
                new BigDecimal("0.03"), new BigDecimal("0.0300"), new BigDecimal("0.02"))), null, null);
        assertThat(PriceBookSeeding.samePrices(written, PriceBook.defaults())).isTrue();
        PriceBook dearer = new PriceBook(null, null, Map.of(Region.CN, List.of(new BigDecimal("0.041"),
                new BigDecimal("0.03"), new BigDecimal("0.03"), new BigDecimal("0.02"))), null, null);
        assertThat(PriceBookSeeding.samePrices(dearer, PriceBook.defaults())).isFalse();
    }
}
