package org.cdnbilling.metering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.cdnbilling.persistence.bulk.PostgresCopy;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL: the batch is COPYed (pgjdbc's CopyManager, on the connection of the caller's transaction) into a
 * temporary table dropped at commit, then stored by set-based statements:
 * <ol>
 * <li>one {@code insert ... select} puts the new samples into usage_sample (in key order) and, in the same
 * statement, adds them to the hourly totals of their account and region ({@code usage_hour}) and counts up or
 * creates the unbilled mark of each account and hour it stored samples for (both in key order, so that
 * concurrent batches wait for each other rather than deadlock). A plain insert first; if a key
 * is stored already, the same {@code insert ... on conflict do nothing} instead. A key that a racing batch
 * inserted but has not committed yet makes the statement wait for it; once it committed the key is
 * skipped;</li>
 * <li>only if some samples were skipped, one join of the batch with usage_sample finds those whose stored
 * values differ: a later statement, so it sees what racing batches committed meanwhile; any such sample
 * refuses the batch (409) and the transaction rolls everything back.</li>
 * </ol>
 * So the key check, the insert and the marks cost three statements per batch, not a statement or lookup per
 * sample, and a racing batch never fails on a duplicate key.
 */
final class PostgresSampleWriter implements SampleWriter {

    private static final String CREATE = "create temporary table usage_batch (idx integer not null, "
            + "owner_id bigint not null, region varchar(8) not null, start_epoch bigint not null, "
            + "bytes bigint not null, peak_bps bigint not null) on commit drop";
    private static final String COPY = "copy usage_batch (idx, owner_id, region, start_epoch, bytes, peak_bps) "
            + "from stdin";
    /** New samples and their hours' marks, in one statement; {@code %s}: whether stored keys are skipped. */
    private static final String INSERT = """
            with inserted as (
                insert into usage_sample (owner_id, region, start_at, bytes, peak_bps, received_at)
                select owner_id, region, to_timestamp(start_epoch), bytes, peak_bps, ?
                from usage_batch order by owner_id, region, start_epoch
                %s
                returning owner_id, region, start_at, bytes, peak_bps
            ), totalled as (
                insert into usage_hour (owner_id, region, hour_number, bytes, peak_bps)
                select owner_id, region, cast(floor(extract(epoch from start_at) / 3600) as bigint), sum(bytes),
                    max(peak_bps)
                from inserted group by 1, 2, 3 order by 1, 2, 3
                on conflict (owner_id, region, hour_number) do update
                    set bytes = usage_hour.bytes + excluded.bytes,
                        peak_bps = greatest(usage_hour.peak_bps, excluded.peak_bps)
            ), marked as (
                insert into unbilled_usage (owner_id, hour_start, changes)
                select owner_id, date_trunc('hour', start_at, 'UTC'), 1 from inserted
                group by 1, 2 order by 1, 2
                on conflict (owner_id, hour_start) do update set changes = unbilled_usage.changes + 1
            )
            select count(*) from inserted""";
    private static final String INSERT_ALL = INSERT.formatted("");
    private static final String INSERT_SKIPPING_STORED = INSERT.formatted(
            "on conflict (owner_id, region, start_at) do nothing");
    private static final String UNIQUE_VIOLATION = "23505";
    /**
     * A lookup by key per sample of the batch: as a plain join, the planner (which knows nothing of the
     * temporary table) hashed all of usage_sample, 0.9 s for a batch against 500,000 stored samples and growing
     * with the table; the lateral subquery with its limit (the key is unique) cannot be flattened into that join
     * and is an index scan each, 88 ms for the same batch (EXPLAIN ANALYZE, docs/performance.md).
     */
    private static final String CONFLICTS = """
            select b.idx, s.bytes, s.peak_bps from usage_batch b
            cross join lateral (select bytes, peak_bps from usage_sample
                where owner_id = b.owner_id and region = b.region and start_at = to_timestamp(b.start_epoch)
                limit 1) s
            where s.bytes <> b.bytes or s.peak_bps <> b.peak_bps
            order by b.idx""";

    private final JdbcTemplate jdbc;

    PostgresSampleWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public int storeNew(List<UsageSample> distinct, int[] postedIndex, Instant receivedAt) {
        if (distinct.isEmpty()) {
            return 0;
        }
        return jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (Statement sql = connection.createStatement()) {
                sql.execute(CREATE);
            }
            copy(connection, distinct, postedIndex);
            int stored = insertAllOrSkipStored(connection, receivedAt);
            if (stored < distinct.size()) {
                List<SampleProblem> conflicts = conflicts(connection);
                if (!conflicts.isEmpty()) {
                    throw new UsageConflictException(conflicts);
                }
            }
            return stored;
        });
    }

    /**
     * Usually every sample of a batch is new: then a plain insert does it, at half the cost of
     * {@code on conflict do nothing} (which checks the key before and confirms each row after, twice the
     * buffer reads and half again the WAL records; docs/performance.md). It runs under a savepoint; if it meets
     * a stored key (a batch posted again, a racing batch that committed the key), it is rolled back and the
     * batch inserted again skipping the stored keys.
     */
    private static int insertAllOrSkipStored(Connection connection, Instant receivedAt) throws SQLException {
        Savepoint beforeInsert = connection.setSavepoint();
        try {
            int stored = insert(connection, INSERT_ALL, receivedAt);
            connection.releaseSavepoint(beforeInsert);
            return stored;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(beforeInsert);
            return insert(connection, INSERT_SKIPPING_STORED, receivedAt);
        }
    }

    private static int insert(Connection connection, String sql, Instant receivedAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setObject(1, receivedAt.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void copy(Connection connection, List<UsageSample> samples,
            int[] postedIndex) throws SQLException {
        StringBuilder rows = new StringBuilder(samples.size() * 48);
        for (int i = 0; i < samples.size(); i++) {
            UsageSample sample = samples.get(i);
            rows.append(postedIndex[i]).append('\t').append(sample.ownerId()).append('\t')
                    .append(sample.region().name()).append('\t').append(sample.start().getEpochSecond()).append('\t')
                    .append(sample.bytes()).append('\t').append(sample.peakBps()).append('\n');
        }
        byte[] text = rows.toString().getBytes(StandardCharsets.US_ASCII);
        PostgresCopy.copyIn(connection, COPY, text);
    }

    private static List<SampleProblem> conflicts(Connection connection) throws SQLException {
        List<SampleProblem> conflicts = new ArrayList<>();
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(CONFLICTS)) {
            while (rs.next()) {
                conflicts.add(SampleProblem.differsFromStored(rs.getInt(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return conflicts;
    }
}
