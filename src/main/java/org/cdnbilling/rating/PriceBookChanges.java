package org.cdnbilling.rating;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;

/**
 * Adds price book versions. A version takes effect from a UTC hour after the current hour's start (by the
 * injected clock) and after the latest version's: never for a period that has started, so a billing partition
 * that read the versions at its start rates every closed period right. Every version is immutable.
 */
@Service
public class PriceBookChanges {

    /** How far ahead a price change may be set: a year and a bit, so that a typo in the year is refused. */
    static final int MAX_DAYS_AHEAD = 400;

    /** Prices have at most 8 decimals, the scale of a bill's lines. */
    static final int PRICE_SCALE = 8;

    private final PriceBooks books;
    private final Clock clock;

    PriceBookChanges(PriceBooks books, Clock clock) {
        this.books = books;
        this.clock = clock;
    }

    /**
     * @throws InvalidPriceBookException naming the field
     * @throws PriceBookConflictException a version with that effectiveFrom exists (or was added meanwhile)
     */
    @Transactional
    public PriceBookVersion add(PriceBookChange change) {
        Instant effectiveFrom = change.effectiveFrom();
        if (effectiveFrom == null) {
            throw new InvalidPriceBookException("effectiveFrom is required: a UTC hour such as 2026-12-08T05:00:00Z");
        }
        if (!effectiveFrom.truncatedTo(ChronoUnit.HOURS).equals(effectiveFrom)) {
            throw new InvalidPriceBookException("effectiveFrom must be on a UTC hour boundary, not " + effectiveFrom);
        }
        change.traffic().forEach((region, prices) -> prices("traffic." + region, prices));
        change.bandwidth().forEach((region, prices) -> prices("bandwidth." + region, prices));
        limits("trafficTierStarts", change.trafficTierStarts());
        limits("bandwidthTierLimitsMbps", change.bandwidthTierLimitsMbps());
        Instant now = clock.instant();
        Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
        if (!effectiveFrom.isAfter(currentHour)) {
            throw new InvalidPriceBookException("effectiveFrom must be after the start of the current hour ("
                    + currentHour + "): a price change applies from a future hour, never to a period that has started");
        }
        Instant latestAllowed = currentHour.plus(MAX_DAYS_AHEAD, ChronoUnit.DAYS);
        if (effectiveFrom.isAfter(latestAllowed)) {
            throw new InvalidPriceBookException("effectiveFrom must be at most " + MAX_DAYS_AHEAD
                    + " days after the start of the current hour (" + latestAllowed + "), not " + effectiveFrom
                    + ": a version can be neither changed nor withdrawn, and no later one added before it");
        }
        if (books.existsEffectiveFrom(effectiveFrom)) {
            throw new PriceBookConflictException("A price book version effective from " + effectiveFrom
                    + " exists; versions are immutable");
        }
        PriceBookVersion latest = books.versions().latest();
        if (!effectiveFrom.isAfter(latest.effectiveFrom())) {
            throw new InvalidPriceBookException("effectiveFrom must be after the latest version's effectiveFrom ("
                    + latest.effectiveFrom() + ", version " + latest.version() + ")");
        }
        PriceBook prices = latest.prices();
        PriceBook next = new PriceBook(prices.currency(),
                change.trafficTierStarts() == null ? prices.trafficTierStarts()
                        : change.trafficTierStarts().stream().map(DataSize::ofBytes).toList(),
                merged(prices.traffic(), change.traffic()),
                change.bandwidthTierLimitsMbps() == null ? prices.bandwidthTierLimitsMbps()
                        : change.bandwidthTierLimitsMbps(),
                merged(prices.bandwidth(), change.bandwidth()));
        try {
            return books.insert(latest.version() + 1, effectiveFrom, next, now);
        } catch (DuplicateKeyException e) {
            throw new PriceBookConflictException("Another price book version was added at the same moment as this "
                    + "one (effective from " + effectiveFrom + "); read GET /admin/price-books and send it again");
        }
    }

    private static Map<Region, List<BigDecimal>> merged(Map<Region, List<BigDecimal>> latest,
            Map<Region, List<BigDecimal>> changed) {
        Map<Region, List<BigDecimal>> merged = new EnumMap<>(latest);
        merged.putAll(changed);
        return merged;
    }

    private static void prices(String field, List<BigDecimal> prices) {
        if (prices == null || prices.size() != PriceBook.TIERS || prices.stream().anyMatch(price -> price == null
                || price.signum() < 0 || price.stripTrailingZeros().scale() > PRICE_SCALE)) {
            throw new InvalidPriceBookException(field + " must be " + PriceBook.TIERS + " prices, one per tier, each "
                    + "0 or more with at most " + PRICE_SCALE + " decimals");
        }
    }

    private static void limits(String field, List<Long> limits) {
        if (limits == null) {
            return;
        }
        boolean ascending = limits.size() == PriceBook.TIERS - 1 && limits.stream().allMatch(limit -> limit != null)
                && limits.get(0) > 0;
        for (int i = 1; ascending && i < limits.size(); i++) {
            ascending = limits.get(i) > limits.get(i - 1);
        }
        if (!ascending) {
            throw new InvalidPriceBookException(field + " must be " + (PriceBook.TIERS - 1)
                    + " ascending positive limits between the " + PriceBook.TIERS + " tiers");
        }
    }
}
