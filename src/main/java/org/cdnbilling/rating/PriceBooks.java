package org.cdnbilling.rating;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.util.unit.DataSize;

/**
 * The table {@code price_book_version} (V27): every version of the price book, immutable. Billing reads them all
 * once per partition (a handful of rows), so every node rates with what the database holds.
 */
@Repository
public class PriceBooks {

    /** Version 1, the configured price book of the first start, is in force from the beginning. */
    public static final Instant BEGINNING = Instant.EPOCH;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    PriceBooks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every version, oldest first. */
    public PriceBookVersions versions() {
        return new PriceBookVersions(jdbc.query("select version, effective_from, currency, prices, created_at "
                + "from price_book_version order by effective_from", (rs, row) -> new PriceBookVersion(rs.getInt(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), read(rs.getString(3), rs.getString(4)),
                        rs.getObject(5, OffsetDateTime.class).toInstant())));
    }

    /**
     * Stores {@code prices} as version 1 from the beginning if no version is stored. Two nodes starting at once:
     * one inserts, the other's insert waits for it and fails on the primary key (a DuplicateKeyException).
     *
     * @return whether this call stored it
     */
    boolean seed(PriceBook prices, Instant now) {
        return jdbc.update("insert into price_book_version (version, effective_from, currency, prices, created_at) "
                + "select 1, ?, ?, ?, ? where not exists (select 1 from price_book_version)", utc(BEGINNING),
                prices.currency(), write(prices), utc(now)) == 1;
    }

    /**
     * Stores a new version.
     *
     * @throws org.springframework.dao.DuplicateKeyException if its number or its effectiveFrom is taken
     */
    PriceBookVersion insert(int version, Instant effectiveFrom, PriceBook prices, Instant now) {
        // as the column keeps it (microseconds), so the answer is what a later read shows
        Instant createdAt = now.truncatedTo(ChronoUnit.MICROS);
        jdbc.update("insert into price_book_version (version, effective_from, currency, prices, created_at) "
                + "values (?, ?, ?, ?, ?)", version, utc(effectiveFrom), prices.currency(), write(prices),
                utc(createdAt));
        return new PriceBookVersion(version, effectiveFrom, prices, createdAt);
    }

    boolean existsEffectiveFrom(Instant effectiveFrom) {
        return jdbc.queryForObject("select count(*) from price_book_version where effective_from = ?", Long.class,
                utc(effectiveFrom)) > 0;
    }

    private record Stored(List<Long> trafficTierStarts, Map<Region, List<String>> traffic,
            List<Long> bandwidthTierLimitsMbps, Map<Region, List<String>> bandwidth) {
    }

    private static String write(PriceBook prices) {
        try {
            return JSON.writeValueAsString(new Stored(prices.trafficTierStarts().stream().map(DataSize::toBytes)
                    .toList(), strings(prices.traffic()), prices.bandwidthTierLimitsMbps(),
                    strings(prices.bandwidth())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PriceBook read(String currency, String json) {
        try {
            Stored stored = JSON.readValue(json, new TypeReference<Stored>() { });
            return new PriceBook(currency, stored.trafficTierStarts().stream().map(DataSize::ofBytes).toList(),
                    decimals(stored.traffic()), stored.bandwidthTierLimitsMbps(), decimals(stored.bandwidth()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a price book version is not JSON: " + json, e);
        }
    }

    /** The prices of each region as plain decimal strings, in region order. */
    public static Map<Region, List<String>> strings(Map<Region, List<BigDecimal>> prices) {
        Map<Region, List<String>> strings = new LinkedHashMap<>();
        for (Region region : Region.values()) {
            strings.put(region, prices.get(region).stream().map(BigDecimal::toPlainString).toList());
        }
        return strings;
    }

    private static Map<Region, List<BigDecimal>> decimals(Map<Region, List<String>> strings) {
        Map<Region, List<BigDecimal>> prices = new EnumMap<>(Region.class);
        strings.forEach((region, list) -> prices.put(region, list.stream().map(BigDecimal::new).toList()));
        return prices;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
