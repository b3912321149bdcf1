package org.cdnbilling.usagepartition;

import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.LocalDate;

/**
 * The usage tables partitioned by Beijing day on PostgreSQL, and how a day's partition of each is named and
 * bounded: {@code usage_sample_d20261208} holds the samples whose {@code start_at} is in the Beijing day
 * 2026-12-08 ({@code [2026-12-07T16:00Z, 2026-12-08T16:00Z)}); {@code usage_hour_d20261208} the hourly totals of
 * the same 24 UTC hours ({@code hour_number}, epoch hours).
 */
public enum UsageTable {
    USAGE_SAMPLE("usage_sample"),
    USAGE_HOUR("usage_hour");

    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private final String table;
    private final Pattern partitionName;

    UsageTable(String table) {
        this.table = table;
        this.partitionName = Pattern.compile(table + "_d(\\d{8})");
    }

    /** The partitioned table's name. */
    public String table() {
        return table;
    }

    /** The name of the day's partition. */
    public String partition(BeijingDay day) {
        return table + "_d" + DATE.format(day.date());
    }

    /** The day of a partition of this table, from its name; empty for any other name. */
    public Optional<BeijingDay> dayOf(String partitionName) {
        Matcher name = this.partitionName.matcher(partitionName);
        return name.matches() ? Optional.of(BeijingDay.of(LocalDate.parse(name.group(1), DATE))) : Optional.empty();
    }

    /** The partition bound of the day: {@code for values from (...) to (...)} of the partition key. */
    public String bounds(BeijingDay day) {
        return switch (this) {
            case USAGE_SAMPLE -> "for values from ('" + day.start() + "') to ('" + day.end() + "')";
            case USAGE_HOUR -> "for values from (" + day.start().getEpochSecond() / 3600 + ") to ("
                    + day.end().getEpochSecond() / 3600 + ")";
        };
    }
}
