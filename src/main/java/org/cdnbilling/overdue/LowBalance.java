package org.cdnbilling.overdue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.cdnbilling.cdnservice.BillingDay;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Alibaba's low-balance alert: an account is low when its balance does not cover its next three hourly bills
 * (estimated as three times the average of its last seven {@code hour_flow} periods, supplements included) or its
 * next daily bill (estimated as yesterday's {@code day_bandwidth} bill, Beijing days). Only recent bills count
 * (the last two days): an account that stopped using the CDN is not low. An account without such bills is not low.
 */
@Component
public class LowBalance {

    private static final Duration RECENT = Duration.ofDays(2);

    /**
     * Accounts whose balance is below either estimate (below the larger one); {@code ?}: recent-from, yesterday's
     * start, owner filter. The estimates are joined to the accounts that have them: a test per account of
     * {@code exists (...) or exists (...)} ran as a subplan for every row of {@code account}, one scan of
     * {@code bill} per account on every count (docs/performance.md, "PostgreSQL").
     */
    private static final String LOW_ACCOUNTS = """
            with hourly_periods as (
                select owner_id, period_start, sum(total) as total,
                       row_number() over (partition by owner_id order by period_start desc) as recency
                from bill where bill_type = 'hour_flow' and period_start >= ? %1$s
                group by owner_id, period_start),
            next_hours as (
                select owner_id, 3 * avg(total) as cost from hourly_periods where recency <= 7 group by owner_id),
            next_day as (
                select owner_id, sum(total) as cost from bill
                where bill_type = 'day_bandwidth' and period_start = ? %1$s group by owner_id),
            estimates as (
                select owner_id, max(cost) as cost
                from (select owner_id, cost from next_hours union all select owner_id, cost from next_day) both_kinds
                group by owner_id)
            select a.owner_id from estimates e join account a on a.owner_id = e.owner_id
            where a.balance < e.cost
            """;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    LowBalance(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Whether the account's balance is low. */
    public boolean isLow(long ownerId) {
        Instant now = clock.instant();
        List<Long> low = jdbc.queryForList(LOW_ACCOUNTS.formatted("and owner_id = ?"), Long.class,
                utc(now.minus(RECENT)), ownerId, utc(yesterday(now)), ownerId);
        return !low.isEmpty();
    }

    /** How many accounts have a low balance (counted in the database, on the index of bills by type and period). */
    public long countLow() {
        Instant now = clock.instant();
        return jdbc.queryForObject(COUNT_LOW, Long.class, utc(now.minus(RECENT)), utc(yesterday(now)));
    }

    /** The count of {@link #countLow()}; its parameters: recent-from, yesterday's start. */
    static final String COUNT_LOW = "select count(*) from (" + LOW_ACCOUNTS.formatted("") + ") low";

    /** The start of yesterday, Beijing time. */
    private static Instant yesterday(Instant now) {
        return now.atZone(BillingDay.BEIJING).toLocalDate().minusDays(1).atStartOfDay(BillingDay.BEIJING).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
