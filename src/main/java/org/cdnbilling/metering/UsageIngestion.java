package org.cdnbilling.metering;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cdnbilling.usagepartition.UsagePartitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a batch of usage samples whole or not at all. Every sample is checked first (all problems are
 * reported together, the first {@value SampleProblems#LISTED} of them listed; a sample older than
 * {@code cdn.usage.retention} or of a day without partitions is one, {@link UsagePartitions}); then, in one transaction, samples
 * already stored with the same values are counted as duplicates, a sample with other values for a stored key refuses the batch (409), and the rest is stored
 * ({@link SampleWriter}: COPY and set-based statements on PostgreSQL, lookups and a JDBC batch elsewhere).
 * Two batches racing for the same new key: the database's primary key lets one win; the other waits for it
 * and skips the key (PostgreSQL), or fails on it and is checked again, finding the key stored.
 */
@Service
public class UsageIngestion {

    static final Duration INTERVAL = Duration.ofMinutes(5);
    private static final int ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(UsageIngestion.class);

    private final UsageSampleStore store;
    private final SampleWriter writer;
    private final TransactionTemplate transaction;
    private final UsagePartitions partitions;
    private final Clock clock;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter rejected;
    private final Counter conflicting;

    UsageIngestion(UsageSampleStore store, SampleWriter writer, UsagePartitions partitions,
            PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.writer = writer;
        this.partitions = partitions;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.accepted = samples(meters, "accepted");
        this.duplicates = samples(meters, "duplicate");
        this.rejected = samples(meters, "rejected");
        this.conflicting = samples(meters, "conflict");
    }

    /**
     * @param samples the batch in posted order; null where the wire format was already wrong
     * @param wireProblems what the parser found wrong, by index
     */
    public IngestResult ingest(List<UsageSample> samples, SampleProblems wireProblems) {
        try {
            IngestResult result = ingestChecked(samples, wireProblems);
            accepted.increment(result.accepted());
            duplicates.increment(result.duplicates());
            log.info("Usage batch of {} samples: {} accepted, {} duplicates", samples.size(), result.accepted(),
                    result.duplicates());
            return result;
        } catch (UsageBatchRejectedException e) {
            rejected.increment(samples.size());
            throw e;
        } catch (UsageConflictException e) {
            conflicting.increment(samples.size());
            throw e;
        }
    }

    private IngestResult ingestChecked(List<UsageSample> samples, SampleProblems wireProblems) {
        Instant now = clock.instant();
        SampleProblems problems = new SampleProblems();
        Map<UsageSample.Key, Integer> firstIndex = new HashMap<>(samples.size() * 4 / 3 + 1);
        Map<Long, Instant> openings = store.serviceOpenings(
                samples.stream().filter(s -> s != null).map(UsageSample::ownerId).toList());
        // each key's first sample, in posted order (gathered here: sorting the map's indexes afterwards was a
        // fifth of the application's CPU while ingesting, docs/performance.md)
        List<UsageSample> distinct = new ArrayList<>(samples.size());
        int[] postedIndex = new int[samples.size()];
        for (int index = 0; index < samples.size(); index++) {
            UsageSample sample = samples.get(index);
            if (sample != null && check(sample, index, now, openings, samples, firstIndex, problems, partitions)) {
                postedIndex[distinct.size()] = index;
                distinct.add(sample);
            }
        }
        if (!problems.isEmpty() || !wireProblems.isEmpty()) {
            throw new UsageBatchRejectedException(SampleProblems.merged(wireProblems, problems));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                int stored = transaction.execute(status -> writer.storeNew(distinct, postedIndex, now));
                return new IngestResult(stored, samples.size() - stored);
            } catch (DuplicateKeyException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.info("Usage batch raced with another batch for the same samples; checking it again");
            } catch (RuntimeException e) {
                if (!missingPartition(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                // a day's partition went away behind this node's back (dropped by hand, or another node whose clock
                // is ahead dropped it at the retention boundary): the partitions read again, the missing days of the
                // window created, each sample checked again
                partitions.read();
                SampleProblems late = new SampleProblems();
                for (int i = 0; i < distinct.size(); i++) {
                    int index = postedIndex[i];
                    partitions.refusal(distinct.get(i).start(), now)
                            .ifPresent(reason -> late.add(new SampleProblem(index, reason)));
                }
                if (!late.isEmpty()) {
                    throw new UsageBatchRejectedException(late);
                }
                log.info("Usage batch found a day without its partition; partitions read again, storing it again");
            }
        }
    }

    /** Notes the sample's problems; whether it is the first of its key in the batch. */
    private static boolean check(UsageSample sample, int index, Instant now, Map<Long, Instant> openings,
            List<UsageSample> samples, Map<UsageSample.Key, Integer> firstIndex, SampleProblems problems,
            UsagePartitions partitions) {
        Instant start = sample.start();
        if (start.getEpochSecond() % INTERVAL.toSeconds() != 0 || start.getNano() != 0) {
            problems.add(new SampleProblem(index, "start must be on a 5-minute boundary (hh:00, hh:05, ...)"));
        } else if (start.isAfter(now)) {
            problems.add(new SampleProblem(index, "start is in the future"));
        } else {
            // older than retention (any database), or a Beijing day without partitions (PostgreSQL)
            partitions.refusal(start, now).ifPresent(reason -> problems.add(new SampleProblem(index, reason)));
        }
        Instant opened = openings.get(sample.ownerId());
        if (opened == null) {
            problems.add(new SampleProblem(index, "account " + sample.ownerId() + " has no CDN service"));
        } else if (start.isBefore(intervalOf(opened))) {
            problems.add(new SampleProblem(index, "start is before the interval in which the CDN service of "
                    + sample.ownerId() + " opened (" + opened + ")"));
        }
        Integer earlier = firstIndex.putIfAbsent(sample.key(), index);
        if (earlier != null && !samples.get(earlier).equals(sample)) {
            problems.add(new SampleProblem(index, "repeats the key of sample " + earlier + " with other values"));
        }
        return earlier == null;
    }

    /** PostgreSQL's "no partition of relation ... found for row" (check_violation), somewhere in the causes. */
    private static boolean missingPartition(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23514".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("no partition")) {
                return true;
            }
        }
        return false;
    }

    static Instant intervalOf(Instant instant) {
        long seconds = instant.getEpochSecond();
        return Instant.ofEpochSecond(seconds - Math.floorMod(seconds, INTERVAL.toSeconds()));
    }

    private static Counter samples(MeterRegistry meters, String outcome) {
        return Counter.builder("cdn.usage.samples").description("Usage samples posted, by what became of them")
                .tag("outcome", outcome).register(meters);
    }
}
