package org.cdnbilling.gateway;

import io.github.bucket4j.Bandwidth;

/** Where the token buckets of the flow limit live: this node's memory, or the database all nodes share. */
interface FlowLimitBuckets {

    /** Takes one token from the key's bucket, created full with the limit on first use; false if it is empty. */
    boolean tryConsume(String key, Bandwidth limit);
}
