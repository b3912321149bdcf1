package org.cdnbilling.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cdnbilling.usagepartition.BeijingDay;
import org.cdnbilling.usagepartition.UsageTable;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On PostgreSQL only: {@code usage_sample} and {@code usage_hour} become partitioned by range of their time
 * ({@code start_at}; {@code hour_number}), one partition per Beijing day ({@link UsageTable}), so that retention
 * drops a day's partition instead of deleting its rows and billing reads only the days it rates
 * (docs/billing.md, "Usage partitions and retention"). In place: each table is renamed, the partitioned table
 * created with the same columns and constraints (the primary keys contain the partition key), a partition
 * created for every day that holds rows, the rows moved, the old table dropped. It also creates the partitions of
 * the window of the default settings (the Beijing days from 93 days ago to 7 days ahead), so that what later
 * migrations insert (the demo's seeded usage, R__demo_accounts.sql) finds its days; the application then keeps
 * the window of its settings from start-up on ({@code org.cdnbilling.usagepartition.UsagePartitions}). H2 keeps
 * the plain tables.
 */
public class V31__Usage_daily_partitions extends BaseJavaMigration {

    private static final String SAMPLE = """
            create table usage_sample (
                owner_id    bigint     not null,
                region      varchar(8) not null,
                start_at    timestamp with time zone not null,
                bytes       bigint     not null,
                peak_bps    bigint     not null,
                received_at timestamp with time zone not null,
                constraint pk_usage_sample primary key (owner_id, region, start_at),
                constraint ck_usage_sample_bytes check (bytes >= 0),
                constraint ck_usage_sample_peak check (peak_bps >= 0)
            ) partition by range (start_at)""";
    private static final String HOUR = """
            create table usage_hour (
                owner_id    bigint     not null,
                region      varchar(8) not null,
                hour_number bigint     not null,
                bytes       bigint     not null,
                peak_bps    bigint     not null,
                constraint pk_usage_hour primary key (owner_id, region, hour_number),
                constraint ck_usage_hour_bytes check (bytes >= 0),
                constraint ck_usage_hour_peak check (peak_bps >= 0)
            ) partition by range (hour_number)""";

    /** The default {@code cdn.usage.retention} and {@code cdn.usage.partitions.days-ahead}. */
    private static final Duration DEFAULT_RETENTION = Duration.ofDays(93);
    private static final int DEFAULT_DAYS_AHEAD = 7;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            return;
        }
        convert(connection, UsageTable.USAGE_SAMPLE, SAMPLE,
                "floor((extract(epoch from start_at) + 28800) / 86400)",
                "owner_id, region, start_at, bytes, peak_bps, received_at");
        convert(connection, UsageTable.USAGE_HOUR, HOUR, "floor((hour_number * 3600 + 28800) / 86400.0)",
                "owner_id, region, hour_number, bytes, peak_bps");
        Instant now = Instant.now();
        BeijingDay last = BeijingDay.of(now).plusDays(DEFAULT_DAYS_AHEAD);
        for (BeijingDay day = BeijingDay.of(now.minus(DEFAULT_RETENTION)); !last.isBefore(day); day = day.next()) {
            for (UsageTable table : UsageTable.values()) {
                execute(connection, "create table if not exists " + table.partition(day) + " partition of "
                        + table.table() + " " + table.bounds(day));
            }
        }
    }

    private static void convert(Connection connection, UsageTable table, String create, String beijingEpochDay,
            String columns) throws SQLException {
        String name = table.table();
        String old = name + "_unpartitioned";
        execute(connection, "alter table " + name + " rename to " + old);
        execute(connection, "alter table " + old + " rename constraint pk_" + name + " to pk_" + old);
        execute(connection, create);
        for (BeijingDay day : days(connection, old, beijingEpochDay)) {
            execute(connection, "create table " + table.partition(day) + " partition of " + name + " "
                    + table.bounds(day));
        }
        execute(connection, "insert into " + name + " (" + columns + ") select " + columns + " from " + old
                + " order by 1, 2, 3");
        execute(connection, "drop table " + old);
    }

    private static List<BeijingDay> days(Connection connection, String table, String beijingEpochDay)
            throws SQLException {
        List<BeijingDay> days = new ArrayList<>();
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(
                "select distinct cast(" + beijingEpochDay + " as bigint) from " + table + " order by 1")) {
            while (rs.next()) {
                days.add(new BeijingDay(rs.getLong(1)));
            }
        }
        return days;
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
