package org.cdnbilling.gateway;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Buckets in the PostgreSQL table {@code flow_limit_bucket} (V6), shared by every node on the database, so the
 * limit holds for the cluster. Bucket4j takes a token in one short transaction of its own: it locks the bucket's
 * row ({@code select ... for update}), updates it and commits; the first call of a user and action inserts the
 * row first. A row expires once its bucket is full again plus the retention, and expired rows are removed
 * every minute, so rows of idle users do not pile up. (A bucket of the login throttle costs two such transactions
 * per failed login, one per successful one.)
 */
final class PostgresFlowLimitBuckets implements FlowLimitBuckets {

    static final String TABLE = "flow_limit_bucket";
    private static final Logger log = LoggerFactory.getLogger(PostgresFlowLimitBuckets.class);
    private static final int REMOVAL_BATCH = 1_000;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    PostgresFlowLimitBuckets(DataSource dataSource, TimeMeter time, Duration retention) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                .clientClock(time)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(retention))
                .build();
    }

    @Override
    public Bucket bucket(String key, Bandwidth limit) {
        return buckets.getProxy(key, () -> BucketConfiguration.builder().addLimit(limit).build());
    }

    /** Removes the rows of buckets that expired (Bucket4j skips rows locked by a running call). */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void removeExpired() {
        int removed;
        int total = 0;
        do {
            removed = buckets.removeExpired(REMOVAL_BATCH);
            total += removed;
        } while (removed == REMOVAL_BATCH);
        if (total > 0) {
            log.debug("Removed {} expired flow-limit buckets", total);
        }
    }
}
