package org.cdnbilling.bench.billing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The baseline: what PostgreSQL itself does with the same day, with no application in between. The samples are
 * loaded with one {@code COPY ... FROM STDIN} (pgjdbc's CopyManager) into a plain table of usage_sample's
 * columns (no key, no index, no constraint), and the hourly totals per account and region are computed into a
 * table with one {@code INSERT ... SELECT ... GROUP BY}.
 */
final class SqlBaseline {

    record Timing(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private final Connection connection;

    SqlBaseline(Connection connection) {
        this.connection = connection;
    }

    Timing copy(List<byte[]> chunks) throws SQLException {
        execute("drop table if exists bench_copy_sample");
        execute("create table bench_copy_sample (owner_id bigint not null, region varchar(8) not null, "
                + "start_at timestamp with time zone not null, bytes bigint not null, peak_bps bigint not null, "
                + "received_at timestamp with time zone not null)");
        long started = System.nanoTime();
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy bench_copy_sample (owner_id, region, start_at, bytes, peak_bps, received_at) "
                        + "from stdin");
        for (byte[] chunk : chunks) {
            copy.writeToCopy(chunk, 0, chunk.length);
        }
        long rows = copy.endCopy();
        return new Timing(rows, (System.nanoTime() - started) / 1e9);
    }

    /** The hourly totals per account and region (bytes summed, peak the highest), as hour_flow bills them. */
    Timing hourlyTotals() throws SQLException {
        execute("drop table if exists bench_hourly_total");
        execute("create table bench_hourly_total (owner_id bigint not null, region varchar(8) not null, "
                + "hour_start timestamp with time zone not null, bytes bigint not null, peak_bps bigint not null)");
        long started = System.nanoTime();
        int rows;
        try (Statement sql = connection.createStatement()) {
            rows = sql.executeUpdate("insert into bench_hourly_total (owner_id, region, hour_start, bytes, peak_bps) "
                    + "select owner_id, region, date_trunc('hour', start_at, 'UTC'), sum(bytes), max(peak_bps) "
                    + "from bench_copy_sample group by owner_id, region, date_trunc('hour', start_at, 'UTC')");
        }
        return new Timing(rows, (System.nanoTime() - started) / 1e9);
    }

    private void execute(String statement) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
