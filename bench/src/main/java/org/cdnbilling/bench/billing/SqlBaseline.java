package org.cdnbilling.bench.billing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.postgresql.PGConnection;

/**
 * The baseline: what PostgreSQL itself does with the same day, with no application in between. The samples are
 * loaded with one {@code COPY ... FROM STDIN} (pgjdbc's CopyManager) into a table of usage_sample's shape
 * (partitioned by Beijing day, the same primary key and checks; the ratio is against this one) and, for
 * comparison with the first figures, into a plain table (no key); the hourly totals per account and region are
 * computed into a table of usage_hour's shape with one {@code INSERT ... SELECT ... GROUP BY}.
 */
final class SqlBaseline {

    record Timing(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private final Connection connection;
    private final Instant dayStart;
    private final Instant dayEnd;

    SqlBaseline(Connection connection, Instant dayStart, Instant dayEnd) {
        this.connection = connection;
        this.dayStart = dayStart;
        this.dayEnd = dayEnd;
    }

    /** The COPY into a plain table of usage_sample's columns, no key, no index, no constraint (the first baseline). */
    Timing copyPlain(Path rows) throws SQLException, IOException {
        execute("drop table if exists bench_copy_plain");
        execute("create table bench_copy_plain (owner_id bigint not null, region varchar(8) not null, "
                + "start_at timestamp with time zone not null, bytes bigint not null, peak_bps bigint not null, "
                + "received_at timestamp with time zone not null)");
        Timing timing = copyInto("bench_copy_plain", rows);
        execute("drop table bench_copy_plain");
        return timing;
    }

    /**
     * The COPY into a table of usage_sample's shape: partitioned by range of start_at with the day's partition
     * (as V31 makes them), the same primary key and checks, so that COPY pays the same index upkeep.
     */
    Timing copy(Path rows) throws SQLException, IOException {
        execute("drop table if exists bench_copy_sample");
        execute("create table bench_copy_sample (owner_id bigint not null, region varchar(8) not null, "
                + "start_at timestamp with time zone not null, bytes bigint not null, peak_bps bigint not null, "
                + "received_at timestamp with time zone not null, "
                + "constraint pk_bench_copy_sample primary key (owner_id, region, start_at), "
                + "constraint ck_bench_copy_sample_bytes check (bytes >= 0), "
                + "constraint ck_bench_copy_sample_peak check (peak_bps >= 0)) partition by range (start_at)");
        execute("create table bench_copy_sample_day partition of bench_copy_sample for values from ('" + dayStart
                + "') to ('" + dayEnd + "')");
        return copyInto("bench_copy_sample", rows);
    }

    private Timing copyInto(String table, Path rows) throws SQLException, IOException {
        long started = System.nanoTime();
        long copied;
        try (InputStream in = Files.newInputStream(rows)) {
            copied = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table
                    + " (owner_id, region, start_at, bytes, peak_bps, received_at) from stdin", in, 1 << 20);
        }
        return new Timing(copied, (System.nanoTime() - started) / 1e9);
    }

    /**
     * The hourly totals per account and region (bytes summed, peak the highest), as hour_flow bills them, into a
     * table of usage_hour's shape (partitioned by range of hour_number, its primary key).
     */
    Timing hourlyTotals() throws SQLException {
        execute("drop table if exists bench_hourly_total");
        execute("create table bench_hourly_total (owner_id bigint not null, region varchar(8) not null, "
                + "hour_number bigint not null, bytes bigint not null, peak_bps bigint not null, "
                + "constraint pk_bench_hourly_total primary key (owner_id, region, hour_number)) "
                + "partition by range (hour_number)");
        execute("create table bench_hourly_total_day partition of bench_hourly_total for values from ("
                + dayStart.getEpochSecond() / 3600 + ") to (" + dayEnd.getEpochSecond() / 3600 + ")");
        long started = System.nanoTime();
        int rows;
        try (Statement sql = connection.createStatement()) {
            rows = sql.executeUpdate("insert into bench_hourly_total (owner_id, region, hour_number, bytes, peak_bps) "
                    + "select owner_id, region, cast(floor(extract(epoch from start_at) / 3600) as bigint), "
                    + "sum(bytes), max(peak_bps) from bench_copy_sample group by 1, 2, 3");
        }
        return new Timing(rows, (System.nanoTime() - started) / 1e9);
    }

    private void execute(String statement) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
