package org.cdnbilling.usagepartition;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long usage is kept and how its daily partitions are kept ahead (docs/billing.md, "Usage partitions and
 * retention").
 *
 * @param retention how long the 5-minute samples are kept: Alibaba keeps 5-minute usage data for 93 days
 *     (DescribeDomainUsageData at Interval 300). A sample older than the Beijing day of {@code now - retention}
 *     is refused at ingestion; the day partitions of {@code usage_sample} before that day are dropped.
 * @param hourRetention how long the hourly totals ({@code usage_hour}) are kept: Alibaba keeps hourly data for
 *     186 days. At least {@code retention} plus 32 days: a late sample of the oldest day still accepted re-rates
 *     its Beijing month (up to 31 days before it) from the hourly totals.
 * @param partitions the partitions kept ahead
 */
@ConfigurationProperties("cdn.usage")
public record UsageRetentionSettings(
        @DefaultValue("P93D") Duration retention,
        @DefaultValue("P186D") Duration hourRetention,
        @DefaultValue Partitions partitions) {

    /** The shortest margin of {@code hour-retention} over {@code retention}: a Beijing month and a day. */
    static final Duration MONTH_TO_DATE_MARGIN = Duration.ofDays(32);

    /**
     * @param daysAhead how many Beijing days after today get their partitions before any sample of them can arrive
     * @param maintainEvery how often every node creates the partitions ahead and drops those past retention
     */
    public record Partitions(@DefaultValue("7") int daysAhead, @DefaultValue("PT1H") Duration maintainEvery) {

        public Partitions {
            if (daysAhead < 1 || daysAhead > 366) {
                throw new IllegalArgumentException("cdn.usage.partitions.days-ahead must be 1 to 366");
            }
            if (maintainEvery == null || maintainEvery.isNegative() || maintainEvery.isZero()
                    || maintainEvery.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(
                        "cdn.usage.partitions.maintain-every must be a positive duration of at most a day");
            }
        }
    }

    public UsageRetentionSettings {
        if (retention == null || retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("cdn.usage.retention must be at least a day (P1D)");
        }
        if (hourRetention == null || hourRetention.compareTo(retention.plus(MONTH_TO_DATE_MARGIN)) < 0) {
            throw new IllegalArgumentException("cdn.usage.hour-retention must be at least cdn.usage.retention plus "
                    + "32 days (" + retention.plus(MONTH_TO_DATE_MARGIN) + "): billing re-rates the month of a late "
                    + "sample from its hourly totals");
        }
    }
}
