package org.cdnbilling.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;

/**
 * Buckets in this node's memory: right for a single node (H2). A bucket unused for longer than it takes to
 * refill completely is forgotten, which is the same as keeping it full.
 */
final class InMemoryFlowLimitBuckets implements FlowLimitBuckets {

    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;

    InMemoryFlowLimitBuckets(TimeMeter time, Duration refillPeriod, Duration retention) {
        this.time = time;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(refillPeriod.plus(retention).plusMinutes(1))
                .maximumSize(1_000_000)
                .build();
    }

    @Override
    public boolean tryConsume(String key, Bandwidth limit) {
        return buckets.get(key, k -> Bucket.builder().withCustomTimePrecision(time).addLimit(limit).build())
                .tryConsume(1);
    }
}
