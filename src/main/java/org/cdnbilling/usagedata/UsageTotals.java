package org.cdnbilling.usagedata;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cdnbilling.rating.Region;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the {@code usage_sample} table for DescribeDomainUsageData: one row per 5-minute interval with usage. */
@Repository
class UsageTotals {

    private final JdbcTemplate jdbc;

    UsageTotals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The account's usage in the regions, per 5-minute start in [from, to), in time order. */
    List<FiveMinuteTotal> fiveMinuteTotals(long ownerId, Set<Region> regions, Instant from, Instant to) {
        List<Object> arguments = new ArrayList<>();
        arguments.add(ownerId);
        arguments.add(utc(from));
        arguments.add(utc(to));
        regions.stream().map(Region::name).sorted().forEach(arguments::add);
        List<FiveMinuteTotal> totals = new ArrayList<>();
        jdbc.query(fiveMinuteTotals(regions.size()), rs -> {
                    totals.add(new FiveMinuteTotal(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getBigDecimal(2).toBigIntegerExact(), rs.getBigDecimal(3).toBigIntegerExact()));
                }, arguments.toArray());
        return totals;
    }

    /**
     * The query of {@link #fiveMinuteTotals}: on the partition key with bound values, so PostgreSQL reads only the
     * Beijing days of the range ({@code UsagePruningTest}).
     */
    static String fiveMinuteTotals(int regions) {
        return "select start_at, sum(bytes), sum(peak_bps) from usage_sample where owner_id = ? and start_at >= ? "
                + "and start_at < ? and region in (" + "?,".repeat(regions - 1) + "?) "
                + "group by start_at order by start_at";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
