package org.cdnbilling.billing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.cdnbilling.persistence.bulk.BulkWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code unbilled_usage} marks (V13__bills.sql): ingestion writes one per account and UTC hour with new
 * samples, counting {@code changes}; billing reads them and removes each only if it is unchanged since.
 */
@Repository
class UnbilledMarks {

    /** A mark as a run read it. */
    record Mark(long ownerId, Instant hourStart, long changes) {
    }

    private static final Comparator<Mark> KEY_ORDER = Comparator.comparingLong(Mark::ownerId)
            .thenComparing(Mark::hourStart);
    /** Marks locked per statement (two parameters each). */
    private static final int LOCK_CHUNK = 1000;

    private final JdbcTemplate jdbc;
    private final BulkWriter bulk;

    UnbilledMarks(JdbcTemplate jdbc, BulkWriter bulk) {
        this.jdbc = jdbc;
        this.bulk = bulk;
    }

    /** The accounts of {@code range} with a mark of an hour that starts before {@code before}, in OwnerId order. */
    List<Long> ownersWithHoursBefore(AccountRange range, Instant before) {
        return jdbc.queryForList("select distinct owner_id from unbilled_usage where owner_id between ? and ? "
                + "and hour_start < ? order by owner_id", Long.class, range.first(), range.last(), utc(before));
    }

    /** The accounts of {@code range} with a mark of an hour in [from, to), in OwnerId order. */
    List<Long> ownersWithHoursBetween(AccountRange range, Instant from, Instant to) {
        return jdbc.queryForList("select distinct owner_id from unbilled_usage where owner_id between ? and ? "
                + "and hour_start >= ? and hour_start < ? order by owner_id", Long.class, range.first(), range.last(),
                utc(from), utc(to));
    }

    /** The marks of the accounts of {@code range} of hours that start before {@code before}. */
    List<Mark> marks(AccountRange range, Instant before) {
        return jdbc.query("select owner_id, hour_start, changes from unbilled_usage where owner_id between ? and ? "
                + "and hour_start < ? order by owner_id, hour_start",
                (rs, row) -> new Mark(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getLong(3)),
                range.first(), range.last(), utc(before));
    }

    /**
     * Removes the marks that are still as read: a mark counted up meanwhile stays, and the samples that counted
     * it up are billed by a later run.
     * <p>
     * The marks are first locked in key order (owner_id, hour_start), the order in which ingestion counts them up
     * (PostgresSampleWriter, UsageSampleStore; PostgreSQL locks the rows of an ordered {@code for update} in that
     * order). They come in the order of their periods (bill type first: after a switch from PayByBandwidth to
     * PayByTraffic the new day's hours before the bandwidth day's), and a bulk delete takes its rows in the order
     * given (JDBC batches) or of its plan (PostgreSQL's join with a temporary table): a batch counting up marks that
     * this partition deletes, in the other order, deadlocked with it. Only the marks to be removed are locked, so
     * ingestion of the hours not billed does not wait.
     */
    void clear(List<Mark> marks) {
        List<Mark> ordered = marks.stream().sorted(KEY_ORDER).toList();
        for (int from = 0; from < ordered.size(); from += LOCK_CHUNK) {
            List<Mark> chunk = ordered.subList(from, Math.min(ordered.size(), from + LOCK_CHUNK));
            jdbc.queryForList("select owner_id from unbilled_usage where (owner_id, hour_start) in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?)"))
                    + ") order by owner_id, hour_start for update", Long.class,
                    chunk.stream().flatMap(m -> Stream.of(m.ownerId(), utc(m.hourStart()))).toArray());
        }
        bulk.delete("unbilled_usage", List.of("owner_id", "hour_start", "changes"),
                ordered.stream().map(m -> new Object[] {m.ownerId(), utc(m.hourStart()), m.changes()}).toList());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
