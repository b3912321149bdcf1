package org.cdnbilling.metering;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.cdnbilling.rating.Region;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code usage_sample} table, in set-sized statements: one query or one batch per posted batch, never a row each. */
@Repository
class UsageSampleStore {

    /** Owners per lookup statement: well below every database's limit of bound parameters. */
    private static final int OWNERS_PER_QUERY = 500;
    private static final long SECONDS_PER_HOUR = 3600;

    private final JdbcTemplate jdbc;

    UsageSampleStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored samples that have a key of the given samples. */
    Map<UsageSample.Key, UsageSample> storedFor(Collection<UsageSample> samples) {
        Map<UsageSample.Key, UsageSample> stored = new HashMap<>();
        if (samples.isEmpty()) {
            return stored;
        }
        Instant first = samples.stream().map(UsageSample::start).min(Instant::compareTo).orElseThrow();
        Instant last = samples.stream().map(UsageSample::start).max(Instant::compareTo).orElseThrow();
        List<Long> owners = samples.stream().map(UsageSample::ownerId).distinct().sorted().toList();
        var wanted = samples.stream().map(UsageSample::key).collect(Collectors.toSet());
        for (int from = 0; from < owners.size(); from += OWNERS_PER_QUERY) {
            List<Long> chunk = owners.subList(from, Math.min(owners.size(), from + OWNERS_PER_QUERY));
            List<Object> arguments = new ArrayList<>(chunk);
            arguments.add(utc(first));
            arguments.add(utc(last));
            jdbc.query("select owner_id, region, start_at, bytes, peak_bps from usage_sample where owner_id in ("
                    + "?,".repeat(chunk.size() - 1) + "?) and start_at between ? and ?", rs -> {
                        UsageSample sample = new UsageSample(rs.getLong(1), Region.valueOf(rs.getString(2)),
                                rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getLong(4), rs.getLong(5));
                        if (wanted.contains(sample.key())) {
                            stored.put(sample.key(), sample);
                        }
                    }, arguments.toArray());
        }
        return stored;
    }

    /**
     * Inserts new samples and marks their hours unbilled, in the caller's transaction; a key stored meanwhile by
     * another batch fails the statement (DuplicateKeyException), and so does a mark another batch created
     * meanwhile (the caller tries again and then finds it).
     */
    void insert(List<UsageSample> samples, Instant receivedAt) {
        insertSamples(samples, receivedAt);
        addToHourlyTotals(samples);
        markUnbilled(samples);
    }

    /**
     * Adds the samples to the hourly totals of their account and region ({@code usage_hour}, V19__usage_hours.sql):
     * bytes summed, the highest peak kept; a total is created if there is none yet. In key order, like the marks.
     */
    private void addToHourlyTotals(List<UsageSample> samples) {
        Map<HourTotal.Key, HourTotal> totals = new TreeMap<>();
        for (UsageSample sample : samples) {
            HourTotal.Key key = new HourTotal.Key(sample.ownerId(), sample.region().name(),
                    Math.floorDiv(sample.start().getEpochSecond(), SECONDS_PER_HOUR));
            totals.merge(key, new HourTotal(sample.bytes(), sample.peakBps()), HourTotal::plus);
        }
        List<Object[]> rows = totals.entrySet().stream().map(entry -> new Object[] {entry.getValue().bytes(),
                entry.getValue().peakBps(), entry.getKey().ownerId(), entry.getKey().region(),
                entry.getKey().hourNumber()}).toList();
        updateOrInsert("update usage_hour set bytes = bytes + ?, peak_bps = greatest(peak_bps, ?) "
                + "where owner_id = ? and region = ? and hour_number = ?", rows,
                "insert into usage_hour (owner_id, region, hour_number, bytes, peak_bps) values (?, ?, ?, ?, ?)",
                row -> new Object[] {row[2], row[3], row[4], row[0], row[1]});
    }

    /**
     * One batch of {@code update}s, then one batch of {@code insert}s for the rows the update found nothing for
     * (their arguments made from the update's by {@code insertArguments}). A row another batch inserted meanwhile
     * fails the insert (DuplicateKeyException); the caller tries again and then updates it.
     */
    private void updateOrInsert(String update, List<Object[]> rows, String insert,
            UnaryOperator<Object[]> insertArguments) {
        int[] updated = jdbc.batchUpdate(update, rows);
        List<Object[]> missing = new ArrayList<>();
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                missing.add(insertArguments.apply(rows.get(i)));
            }
        }
        jdbc.batchUpdate(insert, missing);
    }

    private record HourTotal(long bytes, long peakBps) {

        HourTotal plus(HourTotal other) {
            return new HourTotal(Math.addExact(bytes, other.bytes), Math.max(peakBps, other.peakBps));
        }

        record Key(long ownerId, String region, long hourNumber) implements Comparable<Key> {
            @Override
            public int compareTo(Key other) {
                int c = Long.compare(ownerId, other.ownerId);
                if (c == 0) {
                    c = region.compareTo(other.region);
                }
                return c != 0 ? c : Long.compare(hourNumber, other.hourNumber);
            }
        }
    }

    /**
     * One mark per account and UTC hour with new samples ({@code unbilled_usage}): counted up if present, so a
     * billing run that read it before knows the hour changed (V13__bills.sql), created if not. Marks are
     * written in key order, so concurrent batches wait for each other rather than deadlock.
     */
    private void markUnbilled(List<UsageSample> samples) {
        List<Object[]> hours = samples.stream()
                .map(sample -> new HourMark(sample.ownerId(), sample.start().truncatedTo(ChronoUnit.HOURS)))
                .distinct().sorted()
                .map(mark -> new Object[] {mark.ownerId(), utc(mark.hourStart())}).toList();
        updateOrInsert("update unbilled_usage set changes = changes + 1 where owner_id = ? and hour_start = ?", hours,
                "insert into unbilled_usage (owner_id, hour_start, changes) values (?, ?, 1)", row -> row);
    }

    private record HourMark(long ownerId, Instant hourStart) implements Comparable<HourMark> {
        @Override
        public int compareTo(HourMark other) {
            int byOwner = Long.compare(ownerId, other.ownerId);
            return byOwner != 0 ? byOwner : hourStart.compareTo(other.hourStart);
        }
    }

    private void insertSamples(List<UsageSample> samples, Instant receivedAt) {
        OffsetDateTime received = utc(receivedAt);
        jdbc.batchUpdate("insert into usage_sample (owner_id, region, start_at, bytes, peak_bps, received_at) "
                + "values (?, ?, ?, ?, ?, ?)", new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement statement, int i) throws SQLException {
                        UsageSample sample = samples.get(i);
                        statement.setLong(1, sample.ownerId());
                        statement.setString(2, sample.region().name());
                        statement.setObject(3, utc(sample.start()));
                        statement.setLong(4, sample.bytes());
                        statement.setLong(5, sample.peakBps());
                        statement.setObject(6, received);
                    }

                    @Override
                    public int getBatchSize() {
                        return samples.size();
                    }
                });
    }

    /** When each account's CDN service opened, for the accounts that have one. */
    Map<Long, Instant> serviceOpenings(Collection<Long> ownerIds) {
        Map<Long, Instant> openings = new HashMap<>();
        List<Long> owners = ownerIds.stream().distinct().sorted().toList();
        for (int from = 0; from < owners.size(); from += OWNERS_PER_QUERY) {
            List<Long> chunk = owners.subList(from, Math.min(owners.size(), from + OWNERS_PER_QUERY));
            jdbc.query("select owner_id, opened_at from cdn_service where owner_id in ("
                    + "?,".repeat(chunk.size() - 1) + "?)",
                    rs -> {
                        openings.put(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant());
                    }, chunk.toArray());
        }
        return openings;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
