package org.cdnbilling.billing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.cdnbilling.rating.Region;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The usage a partition rates, in one set-based statement: the samples of its accounts in a window summed per
 * account, region and UTC hour (bytes) with the hour's highest 5-minute peak.
 */
@Repository
class UsageAggregates {

    private static final long SECONDS_PER_HOUR = 3600;

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
        jdbc.query("select owner_id, region, hour_number, sum(bytes), max(peak_bps) from ("
                + "select owner_id, region, cast(floor(extract(epoch from start_at) / " + SECONDS_PER_HOUR
                + ") as bigint) as hour_number, bytes, peak_bps from usage_sample "
                + "where owner_id between ? and ? and start_at >= ? and start_at < ?) hourly "
                + "group by owner_id, region, hour_number", rs -> {
                    hours.computeIfAbsent(rs.getLong(1), owner -> new HashMap<>())
                            .computeIfAbsent(Region.valueOf(rs.getString(2)), region -> new TreeMap<>())
                            .put(Instant.ofEpochSecond(rs.getLong(3) * SECONDS_PER_HOUR),
                                    new HourUsage(rs.getLong(4), rs.getLong(5)));
                }, range.first(), range.last(), utc(from), utc(to));
        return new Hours(hours);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
