package org.cdnbilling.billing;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.cdnbilling.rating.Region;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The usage a partition rates, in one statement: the hourly totals of its accounts in a window
 * ({@code usage_hour}, kept by ingestion with the samples): per account, region and UTC hour the bytes summed
 * and the hour's highest 5-minute peak. A month to date is at most 744 such rows per account and region.
 */
@Repository
class UsageAggregates {

    private static final long SECONDS_PER_HOUR = 3600;
    /**
     * On the partition key alone, with values bound: PostgreSQL prunes to the Beijing days of the window (at plan
     * time, or at execution for a generic plan), so a day's billing reads one partition, a month to date its days
     * ({@code UsagePruningTest}).
     */
    static final String HOURS = "select owner_id, region, hour_number, bytes, peak_bps from usage_hour "
            + "where owner_id between ? and ? and hour_number >= ? and hour_number < ?";

    private final JdbcTemplate jdbc;

    UsageAggregates(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One account's and region's hour. */
    record HourUsage(long bytes, long peakBps) {
    }

    /** Hours keyed by their start, per account and region. */
    record Hours(Map<Long, Map<Region, NavigableMap<Instant, HourUsage>>> byOwner) {

        NavigableMap<Instant, HourUsage> of(long ownerId, Region region) {
            return byOwner.getOrDefault(ownerId, Map.of()).getOrDefault(region, new TreeMap<>());
        }

        Map<Region, NavigableMap<Instant, HourUsage>> of(long ownerId) {
            return byOwner.getOrDefault(ownerId, Map.of());
        }
    }

    Hours hours(AccountRange range, Instant from, Instant to) {
        Map<Long, Map<Region, NavigableMap<Instant, HourUsage>>> hours = new HashMap<>();
        jdbc.query(HOURS, rs -> {
                    hours.computeIfAbsent(rs.getLong(1), owner -> new HashMap<>())
                            .computeIfAbsent(Region.valueOf(rs.getString(2)), region -> new TreeMap<>())
                            .put(Instant.ofEpochSecond(rs.getLong(3) * SECONDS_PER_HOUR),
                                    new HourUsage(rs.getLong(4), rs.getLong(5)));
                }, range.first(), range.last(), Math.floorDiv(from.getEpochSecond(), SECONDS_PER_HOUR),
                Math.floorDiv(to.getEpochSecond() + SECONDS_PER_HOUR - 1, SECONDS_PER_HOUR));
        return new Hours(hours);
    }

}
