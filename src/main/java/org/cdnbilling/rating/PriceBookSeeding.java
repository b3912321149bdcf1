package org.cdnbilling.rating;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * At start-up, before any billing: an empty {@code price_book_version} gets the configured
 * {@code cdn.billing.price-book} as version 1, in force from 1970-01-01T00:00:00Z. A configuration changed later
 * does not rewrite history: if it differs from the latest version, a WARN names the admin endpoint that adds a
 * version, and the start goes on.
 */
@Component
class PriceBookSeeding implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(PriceBookSeeding.class);

    private final PriceBooks books;
    private final PriceBook configured;
    private final Clock clock;

    PriceBookSeeding(PriceBooks books, PriceBook configured, Clock clock) {
        this.books = books;
        this.configured = configured;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        seed();
    }

    /** What seeding found. */
    enum Outcome { SEEDED, CONFIGURATION_IS_LATEST, CONFIGURATION_DIFFERS }

    Outcome seed() {
        try {
            if (books.seed(configured, clock.instant())) {
                log.info("Stored the configured cdn.billing.price-book as price book version 1, in force from {}",
                        PriceBooks.BEGINNING);
                return Outcome.SEEDED;
            }
        } catch (DuplicateKeyException e) {
            // another node stored version 1 at the same moment
        }
        PriceBookVersion latest = books.versions().latest();
        if (samePrices(configured, latest.prices())) {
            return Outcome.CONFIGURATION_IS_LATEST;
        }
        log.warn("The configured cdn.billing.price-book differs from the latest price book version {} (in force "
                + "from {}); billing rates with the stored versions, the configuration only seeds an empty table. "
                + "To change prices, add a version from a future hour with POST /admin/price-books "
                + "(GET /admin/price-books lists them)", latest.version(), latest.effectiveFrom());
        return Outcome.CONFIGURATION_DIFFERS;
    }

    /** The same prices and limits, whatever the scale of the decimals (0.07 and 0.070). */
    static boolean samePrices(PriceBook a, PriceBook b) {
        return a.currency().equals(b.currency()) && a.trafficTierStarts().equals(b.trafficTierStarts())
                && a.bandwidthTierLimitsMbps().equals(b.bandwidthTierLimitsMbps())
                && same(a.traffic(), b.traffic()) && same(a.bandwidth(), b.bandwidth());
    }

    private static boolean same(Map<Region, List<BigDecimal>> a, Map<Region, List<BigDecimal>> b) {
        for (Region region : Region.values()) {
            List<BigDecimal> x = a.get(region);
            List<BigDecimal> y = b.get(region);
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (x.get(i).compareTo(y.get(i)) != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
