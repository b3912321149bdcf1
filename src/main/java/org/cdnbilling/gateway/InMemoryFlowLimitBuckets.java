package org.cdnbilling.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;

/**
 * Buckets in this node's memory: right for a single node (H2). A bucket unused for longer than it takes to
 * refill completely (plus the retention) is forgotten, which is the same as keeping it full.
 */
final class InMemoryFlowLimitBuckets implements FlowLimitBuckets {

    /** A bucket and how long it may go unused before it is forgotten. */
    private record Held(Bucket bucket, long keepNanos) {
    }

    private final TimeMeter time;
    private final Duration retention;
    private final Cache<String, Held> buckets;

    InMemoryFlowLimitBuckets(TimeMeter time, Duration retention) {
        this.time = time;
        this.buckets = Caffeine.newBuilder()
                .expireAfter(new Expiry<String, Held>() {
                    @Override
                    public long expireAfterCreate(String key, Held held, long now) {
                        return held.keepNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Held held, long now, long left) {
                        return held.keepNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Held held, long now, long left) {
                        return held.keepNanos();
                    }
                })
                .maximumSize(1_000_000)
                .build();
        this.retention = retention;
    }

    @Override
    public Bucket bucket(String key, Bandwidth limit) {
        return buckets.get(key, k -> new Held(Bucket.builder().withCustomTimePrecision(time).addLimit(limit).build(),
                keepNanos(limit))).bucket();
    }

    /**
     * How long a bucket of the limit takes to refill from empty, plus the retention and a minute: a bucket in
     * debt takes longer, so it is forgotten a little early (after as long as an empty one takes to refill).
     */
    private long keepNanos(Bandwidth limit) {
        long periods = (limit.getCapacity() + limit.getRefillTokens() - 1) / limit.getRefillTokens();
        return Math.multiplyExact(periods, limit.getRefillPeriodNanos()) + retention.toNanos()
                + Duration.ofMinutes(1).toNanos();
    }
}
